// The generation runner against the real database and a local double of the OpenAI API (issue 8): every
// request sent to the provider is recorded in the job's usage and against the user's monthly call budget
// (retries and a failed repair attempt included), and whatever the model repeats of the traveller's private
// accessibility needs never reaches the plan's public columns.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import type { UserClaims } from "../../edge-functions/_shared/jwt.ts";
import { createLogger } from "../../edge-functions/_shared/log.ts";
import { normalizeText } from "../../edge-functions/_planner/private-text.ts";
import { createOpenAIProvider } from "../../edge-functions/_planner/providers/openai.ts";
import { type GenerationEvent, runGeneration } from "../../edge-functions/_planner/io/runner.ts";
import type { GeneratedPlan, GenerateRequest } from "../../edge-functions/_planner/schema.ts";
import { claimsFor, createUser, testSql, type TestUser } from "../support/db.ts";
import { type LlmDouble, startLlmDouble } from "../support/llm-doubles.ts";

const KEY = "sk-test-runner-0123456789";
const NEEDS = "I use a wheelchair and tire quickly on cobbles";
let sql: Sql;
let openai: LlmDouble;

const request: GenerateRequest = {
  destination: "Lisbon",
  start_date: "2031-05-01",
  end_date: "2031-05-02",
  adults: 2,
  children: 0,
  budget: { amount: 1500, currency: "EUR" },
  interests: ["food"],
  pace: "moderate",
  accessibility_needs: NEEDS,
  language: "en",
};

/** A valid plan in which the model repeats the private needs (in several spellings) in public text. */
const echoingPlan: GeneratedPlan = {
  title: "Two days in Lisbon",
  summary: `Planned because you told us: "${NEEDS}".`,
  tips: ["Buy a Viva Viagem card.", `Remember: i use a WHEELCHAIR, and tire quickly on cobbles!`],
  days: ["2031-05-01", "2031-05-02"].map((date, i) => ({
    date,
    title: i === 0 ? "Alfama" : "Belém",
    summary: "A day with step-free routes.",
    items: [{
      time_slot: "morning" as const,
      start_time: "09:30",
      title: i === 0 ? "Castelo de São Jorge" : "Jerónimos Monastery",
      description: i === 0
        ? "Take tram 28 up: you use a wheelchair and tire quickly on cobbles, so skip the climb."
        : "Level entrance on the river side.",
      place_name: i === 0 ? "Castelo de São Jorge" : "Mosteiro dos Jerónimos",
      latitude: i === 0 ? 38.7139 : 38.6979,
      longitude: i === 0 ? -9.1335 : -9.2068,
      estimated_cost: 30,
      booking_url: i === 1 ? "https://example.com/book?note=wheelchair-and-tire-quickly-on-cobbles" : null,
    }],
  })),
};

const silent = createLogger({}, () => {});

async function run(user: TestUser, req: GenerateRequest = request) {
  const [started] = await sql<{ job_id: string; deadline_at: Date }[]>`
    select job_id, deadline_at from private.start_plan_generation(${user.id}, ${
    sql.json(req as never)
  }, true)`;
  expect(started.job_id).toBeTruthy();
  const provider = createOpenAIProvider({
    apiKey: KEY,
    model: "gpt-4o-mini",
    baseUrl: openai.baseUrl,
    timeoutMs: 2000,
  });
  const events: GenerationEvent[] = [];
  await runGeneration(
    { sql, provider, log: silent },
    {
      id: started.job_id,
      claims: claimsFor(user) as UserClaims,
      request: req,
      deadline: started.deadline_at.getTime(),
    },
    (e) => events.push(e),
  );
  const [job] = await sql<{ status: string; error_code: string | null; usage: Record<string, number> }[]>`
    select status::text, error_code, usage from public.plan_generation_jobs where id = ${started.job_id}`;
  const [quota] = await sql<{ provider_calls: number; provider_calls_reserved: number }[]>`
    select provider_calls, provider_calls_reserved from public.plan_quota_usage where user_id = ${user.id}`;
  return {
    job,
    quota,
    events,
    planId: (events.find((e) => e.type === "done") as { plan_id?: string })?.plan_id,
  };
}

beforeAll(async () => {
  sql = testSql(4);
  openai = await startLlmDouble("openai", KEY);
});
afterAll(async () => {
  await openai?.close();
  await sql?.end();
});
beforeEach(() => openai.reset());

describe("provider calls are recorded exactly (issue 8, finding 4)", () => {
  it("a repair attempt that fails too counts both calls", async () => {
    openai.mode.answer = "malformed";
    const { job, quota } = await run(await createUser(sql));
    expect(openai.requests).toHaveLength(2);
    expect(job).toMatchObject({ status: "failed", error_code: "invalid_plan" });
    expect(job.usage.provider_calls).toBe(2);
    expect(quota).toEqual({ provider_calls: 2, provider_calls_reserved: 0 });
  });

  it("a retried request counts as two calls, on success too", async () => {
    openai.mode.plan = { ...echoingPlan, summary: "Two easy days.", tips: [] };
    openai.mode.failFirst = 1;
    openai.mode.failStatus = 500;
    const { job, quota } = await run(await createUser(sql), { ...request, accessibility_needs: undefined });
    expect(openai.requests).toHaveLength(2);
    expect(job.status).toBe("succeeded");
    expect(job.usage.provider_calls).toBe(2);
    expect(quota).toEqual({ provider_calls: 2, provider_calls_reserved: 0 });
  });
});

describe("private accessibility needs stay private (issue 8, finding 1)", () => {
  it("tells the model they are private, and redacts what it repeats before anything is saved", async () => {
    openai.mode.plan = echoingPlan;
    const user = await createUser(sql);
    const { job, planId } = await run(user);
    expect(job.status).toBe("succeeded");
    const prompt = JSON.stringify(openai.requests[0].body);
    expect(prompt).toContain("never quote, restate or name them");

    const [plan] = await sql<{ public_text: string; needs: string }[]>`
      select concat_ws(E'\n', p.title, p.summary, p.markdown, array_to_string(p.tips, E'\n'),
        (select string_agg(concat_ws(E'\n', d.title, d.summary), E'\n') from public.plan_days d where d.plan_id = p.id),
        (select string_agg(concat_ws(E'\n', i.title, i.description, i.place_name, i.booking_url), E'\n')
           from public.plan_items i where i.plan_id = p.id)) as public_text,
        x.accessibility_needs as needs
      from public.plans p join public.plan_private_details x on x.plan_id = p.id where p.id = ${planId!}`;
    expect(plan.needs).toBe(NEEDS); // kept, owner-only
    const text = normalizeText(plan.public_text);
    expect(text).not.toContain("wheelchair and tire quickly");
    expect(text).not.toContain("use a wheelchair");
    // The rest of the model's text is kept.
    expect(plan.public_text).toContain("Take tram 28 up");
    expect(plan.public_text).toContain("Buy a Viva Viagem card.");
  });
});
