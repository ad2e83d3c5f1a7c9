import { describe, expect, it } from "vitest";
import { createFunctionsClient, FunctionError, planCalendarUrl } from "../../clients/src/index.ts";

const sse = (chunks: string[]) =>
  new Response(
    new ReadableStream({
      start(c) {
        for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
        c.close();
      },
    }),
    { headers: { "content-type": "text/event-stream" } },
  );

describe("plan helpers in the typed client", () => {
  it("streams generation events, even when a chunk splits an event", async () => {
    const client = createFunctionsClient({
      url: "http://x",
      anonKey: "k",
      fetch: async (_url, init) => {
        expect(new Headers(init?.headers).get("accept")).toBe("text/event-stream");
        return sse([
          'event: queued\ndata: {"type":"queued","job_id":"j1"}\n\nevent: prompting\nda',
          'ta: {"type":"prompting","job_id":"j1","attempt":1}\n\n',
          'event: done\ndata: {"type":"done","job_id":"j1","plan_id":"p1"}\n\n',
        ]);
      },
    });
    const events = [];
    const { data: stream, error } = await client.streamPlanGeneration({
      destination: "Lisbon",
      start_date: "2027-04-10",
      end_date: "2027-04-12",
      budget: { amount: 900, currency: "EUR" },
    });
    expect(error).toBeNull();
    for await (const e of stream!) events.push(e.type);
    expect(events).toEqual(["queued", "prompting", "done"]);
  });

  it("turns a refused start into a FunctionError with the backend's code", async () => {
    const client = createFunctionsClient({
      url: "http://x",
      anonKey: "k",
      fetch: async () =>
        new Response(JSON.stringify({ error: { code: "quota_exceeded", message: "Upgrade" } }), {
          status: 402,
        }),
    });
    const refused = await client.streamPlanGeneration({
      destination: "Lisbon",
      start_date: "2027-04-10",
      end_date: "2027-04-12",
      budget: { amount: 900, currency: "EUR" },
    });
    expect(refused.data).toBeNull();
    expect(refused.error).toBeInstanceOf(FunctionError);
    expect(refused.error).toMatchObject({ status: 402, code: "quota_exceeded" });
    const offline = await createFunctionsClient({
      url: "http://x",
      anonKey: "k",
      fetch: () => Promise.reject(new Error("x")),
    }).streamPlanGeneration({
      destination: "Lisbon",
      start_date: "2027-04-10",
      end_date: "2027-04-12",
      budget: { amount: 1, currency: "EUR" },
    });
    expect(offline.error).toHaveProperty("name", "NetworkError");
  });

  it("ends a stream that breaks off with an error event instead of throwing", async () => {
    let sent = 0;
    const client = createFunctionsClient({
      url: "http://x",
      anonKey: "k",
      fetch: async () =>
        new Response(
          new ReadableStream({
            pull(c) {
              if (sent++) return c.error(new Error("connection reset"));
              c.enqueue(new TextEncoder().encode('event: queued\ndata: {"type":"queued","job_id":"j9"}\n\n'));
            },
          }),
          { headers: { "content-type": "text/event-stream", "x-job-id": "j9" } },
        ),
    });
    const { data: stream } = await client.streamPlanGeneration({
      destination: "Lisbon",
      start_date: "2027-04-10",
      end_date: "2027-04-12",
      budget: { amount: 1, currency: "EUR" },
    });
    const events = [];
    for await (const e of stream!) events.push(e);
    expect(events).toEqual([
      { type: "queued", job_id: "j9" },
      { type: "error", job_id: "j9", code: "stream_interrupted", message: expect.stringContaining("reset") },
    ]);
  });

  it("polls a job and starts a generation through invoke", async () => {
    const seen: string[] = [];
    const client = createFunctionsClient({
      url: "http://x/",
      anonKey: "k",
      fetch: async (url, init) => {
        seen.push(`${init?.method} ${url}`);
        return new Response(JSON.stringify({ job_id: "j 1", status: "queued", status_url: "/s" }), {
          status: 202,
        });
      },
    });
    expect(
      (await client.generatePlan({
        destination: "Rome",
        start_date: "2027-04-10",
        end_date: "2027-04-10",
        budget: { amount: 100, currency: "EUR" },
      })).data,
    ).toMatchObject({ job_id: "j 1" });
    await client.generationJob("j 1");
    expect(seen).toEqual([
      "POST http://x/functions/v1/generate-plan",
      "GET http://x/functions/v1/generate-plan/jobs/j%201",
    ]);
  });

  it("builds calendar URLs, with a share token when given", () => {
    expect(planCalendarUrl("https://ref.supabase.co", "p1")).toBe(
      "https://ref.supabase.co/functions/v1/plan-calendar/p1",
    );
    expect(planCalendarUrl("http://127.0.0.1:54321/", "p1", { shareToken: "a+b" }))
      .toBe("http://127.0.0.1:54321/functions/v1/plan-calendar/p1?token=a%2Bb");
  });
});
