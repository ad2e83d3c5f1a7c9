import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ContractError,
  createFunctionsClient,
  FunctionError,
  isFunctionError,
  isNetworkError,
} from "../../clients/src/index.ts";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("createFunctionsClient", () => {
  it("sends the user's token and the apikey, and returns data", async () => {
    const seen: Request[] = [];
    const client = createFunctionsClient({
      url: "http://127.0.0.1:54321/",
      anonKey: "anon-key",
      accessToken: async () => "user-token",
      fetch: async (input, init) => {
        seen.push(new Request(input, init));
        return json(200, { status: "up" });
      },
    });
    const { data, error } = await client.health();
    expect(error).toBeNull();
    expect(data).toEqual({ status: "up" });
    expect(seen[0].url).toBe("http://127.0.0.1:54321/functions/v1/health");
    expect(seen[0].headers.get("authorization")).toBe("Bearer user-token");
    expect(seen[0].headers.get("apikey")).toBe("anon-key");
  });

  it("falls back to the anon key without a session", async () => {
    let auth = "";
    const client = createFunctionsClient({
      url: "http://x",
      anonKey: "anon-key",
      accessToken: async () => null,
      fetch: async (_i, init) => {
        auth = new Headers(init?.headers).get("authorization") ?? "";
        return json(200, {});
      },
    });
    await client.invoke("health", z.unknown());
    expect(auth).toBe("Bearer anon-key");
  });

  it("returns the backend's error code as a FunctionError", async () => {
    const client = createFunctionsClient({
      url: "http://x",
      anonKey: "k",
      fetch: async () => json(429, { error: { code: "rate_limited", message: "Slow down" } }),
    });
    const { data, error } = await client.invoke("generate-plan", z.unknown(), {
      body: { destination: "Rome" },
    });
    expect(data).toBeNull();
    expect(isFunctionError(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, code: "rate_limited", message: "Slow down" });
  });

  it("maps a non-JSON error answer to an http_<status> code", async () => {
    const client = createFunctionsClient({
      url: "http://x",
      anonKey: "k",
      fetch: async () => new Response("oops", { status: 502 }),
    });
    const { error } = await client.invoke("x", z.unknown());
    expect(error).toBeInstanceOf(FunctionError);
    expect((error as FunctionError).code).toBe("http_502");
  });

  it("reports a transport failure as a NetworkError instead of throwing", async () => {
    const client = createFunctionsClient({
      url: "http://x",
      anonKey: "k",
      fetch: () => Promise.reject(new TypeError("fetch failed")),
    });
    const { error } = await client.health();
    expect(isNetworkError(error)).toBe(true);
  });

  it("treats health's 503 report as data (the database being down is what it reports)", async () => {
    const body = { status: "down" };
    const client = createFunctionsClient({
      url: "http://x",
      anonKey: "k",
      fetch: async () => json(503, body),
    });
    expect(await client.health()).toEqual({ data: body, error: null });
  });

  it("returns a 2xx answer outside the contract as a ContractError (client and server drifted)", async () => {
    const client = createFunctionsClient({
      url: "http://x",
      anonKey: "k",
      fetch: async () => json(200, { job_id: "j1", status: "running", status_url: "/x" }),
    });
    const { data, error } = await client.generatePlan({
      destination: "Rome",
      start_date: "2027-04-10",
      end_date: "2027-04-10",
      budget: { amount: 100, currency: "EUR" },
    });
    expect(data).toBeNull();
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).issues).toEqual([{ path: "status", message: expect.any(String) }]);
  });

  it("starts Pro and opens the billing portal through the payments function, typed by the contract", async () => {
    const seen: { url: string; body: unknown }[] = [];
    const answers = [
      json(201, { checkout_url: "http://127.0.0.1:54421/checkout/cs_1" }),
      json(200, {
        portal_url: "http://127.0.0.1:54421/portal/bps_1",
        subscription: { status: "active", interval: "month" },
      }),
      json(200, { portal_url: "not a url" }),
    ];
    const client = createFunctionsClient({
      url: "http://x",
      anonKey: "anon-key",
      accessToken: async () => "t",
      fetch: async (input, init) => {
        const req = new Request(input, init);
        seen.push({ url: req.url, body: await req.json() });
        return answers.shift()!;
      },
    });
    const started = await client.subscribe({ interval: "year" });
    expect(started).toEqual({ data: { checkout_url: "http://127.0.0.1:54421/checkout/cs_1" }, error: null });
    const portal = await client.billingPortal();
    expect(portal.data?.portal_url).toBe("http://127.0.0.1:54421/portal/bps_1");
    expect(seen.map((s) => [s.url, s.body])).toEqual([
      ["http://x/functions/v1/payments/subscription", { interval: "year" }],
      ["http://x/functions/v1/payments/portal", {}],
    ]);
    const drifted = await client.billingPortal();
    expect(drifted.error).toBeInstanceOf(ContractError);
  });
});
