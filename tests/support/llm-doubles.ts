// Local HTTP doubles of the two LLM APIs the planner speaks, on 127.0.0.1, driven by the real provider
// code: OpenAI's POST /v1/chat/completions (also standing in for any OpenAI-compatible server) and
// Anthropic's POST /v1/messages. Behaviour is switchable per test: answer a plan (valid or not), answer
// malformed JSON / no tool call / a refusal / a cut-off answer, fail the first N calls (429 with
// Retry-After, 500, 529), stall past the client's timeout, trickle the body one byte at a time. Every
// request is recorded, so tests can assert what the client sent.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from "node:http";

export type LlmApi = "openai" | "anthropic";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: Record<string, unknown> | undefined;
  /** The status the double answered (0 when the client went away first). */
  status: number;
}

export interface LlmDoubleMode {
  /** What a successful call answers:
   * - plan: `plan` as the content (OpenAI) or the tool input (Anthropic)
   * - malformed: OpenAI content that is not JSON; Anthropic: a text block and no tool call
   * - refusal: OpenAI `message.refusal` set, content null (Anthropic: a text-only answer)
   * - truncated: cut off at the token limit (finish_reason "length" / stop_reason "max_tokens")
   * - fenced: OpenAI content wrapped in a ```json fence, as some local servers do
   * - not_json: a 200 whose body is not JSON at all */
  answer: "plan" | "malformed" | "refusal" | "truncated" | "fenced" | "not_json";
  plan: unknown;
  usage: { input: number; output: number };
  /** The model name the answer reports (a dated snapshot, like the real APIs). */
  model: string;
  /** Fail this many calls first with `failStatus` (and `retryAfter` seconds when set). */
  failFirst: number;
  failStatus: number;
  retryAfter?: number;
  /** Wait this long before answering (use more than the client's timeout). */
  stallMs: number;
  /** > 0: send headers at once, then the body one byte every `trickleMs`. */
  trickleMs: number;
}

export interface LlmDouble {
  api: LlmApi;
  /** The base URL the client gets: ".../v1" for OpenAI (like api.openai.com/v1), the host for Anthropic. */
  baseUrl: string;
  /** The key the double accepts; another key answers 401. Null: no auth checked (a local server). */
  apiKey: string | null;
  requests: RecordedRequest[];
  mode: LlmDoubleMode;
  reset(): void;
  close(): Promise<void>;
}

const defaults = (api: LlmApi): LlmDoubleMode => ({
  answer: "plan",
  plan: {},
  usage: { input: 1234, output: 567 },
  model: api === "openai" ? "gpt-4o-mini-2024-07-18" : "claude-sonnet-4-5-20250929",
  failFirst: 0,
  failStatus: 500,
  stallMs: 0,
  trickleMs: 0,
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (s += d));
    req.on("end", () => resolve(s));
    req.on("error", reject);
  });
}

function openaiAnswer(mode: LlmDoubleMode): unknown {
  const message: { role: string; content: string | null; refusal: string | null } = {
    role: "assistant",
    content: JSON.stringify(mode.plan),
    refusal: null,
  };
  let finish = "stop";
  if (mode.answer === "malformed") message.content = '{"title": "Lisbon", "days": [';
  if (mode.answer === "fenced") message.content = "```json\n" + JSON.stringify(mode.plan) + "\n```";
  if (mode.answer === "refusal") {
    message.content = null;
    message.refusal = "I'm sorry, I can't help with that.";
  }
  if (mode.answer === "truncated") {
    message.content = JSON.stringify(mode.plan).slice(0, 40);
    finish = "length";
  }
  return {
    id: "chatcmpl-double",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: mode.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
    usage: {
      prompt_tokens: mode.usage.input,
      completion_tokens: mode.usage.output,
      total_tokens: mode.usage.input + mode.usage.output,
    },
  };
}

function anthropicAnswer(mode: LlmDoubleMode, tool: string): unknown {
  const text = { type: "text", text: "Here is your plan." };
  const call = { type: "tool_use", id: "toolu_double", name: tool, input: mode.plan };
  const textOnly = mode.answer === "malformed" || mode.answer === "refusal";
  return {
    id: "msg_double",
    type: "message",
    role: "assistant",
    model: mode.model,
    content: textOnly ? [text] : [text, call],
    stop_reason: mode.answer === "truncated" ? "max_tokens" : textOnly ? "end_turn" : "tool_use",
    stop_sequence: null,
    usage: { input_tokens: mode.usage.input, output_tokens: mode.usage.output },
  };
}

function errorBody(api: LlmApi, status: number, message: string): unknown {
  if (api === "openai") return { error: { message, type: "double_error", param: null, code: null } };
  const type = status === 401
    ? "authentication_error"
    : status === 429
    ? "rate_limit_error"
    : status === 529
    ? "overloaded_error"
    : status >= 500
    ? "api_error"
    : "invalid_request_error";
  return { type: "error", error: { type, message } };
}

/** Starts a double of one API that accepts `apiKey`; null: every request is accepted, with or without a
 * key (a local model server). */
export async function startLlmDouble(api: LlmApi, apiKey: string | null): Promise<LlmDouble> {
  const double: LlmDouble = {
    api,
    baseUrl: "",
    apiKey,
    requests: [],
    mode: defaults(api),
    reset() {
      this.mode = defaults(api);
      this.requests = [];
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const path = api === "openai" ? "/v1/chat/completions" : "/v1/messages";

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req).catch(() => "");
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const record: RecordedRequest = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body,
      status: 0,
    };
    double.requests.push(record);
    const mode = double.mode;

    let gone = false;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    res.on("close", () => {
      gone = true;
      for (const t of timers) clearTimeout(t);
    });
    const wait = (ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => (timers.delete(t), resolve()), ms);
        timers.add(t);
      });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (gone) return;
      record.status = status;
      const text = typeof payload === "string" ? payload : JSON.stringify(payload);
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(text);
    };

    if (req.method !== "POST" || req.url !== path) return send(404, errorBody(api, 404, "not found"));
    if (apiKey !== null) {
      const given = api === "openai" ? req.headers.authorization : req.headers["x-api-key"];
      const expected = api === "openai" ? `Bearer ${apiKey}` : apiKey;
      // Like OpenAI, the 401 names the key it got: the client must not pass that on verbatim.
      if (given !== expected) {
        return send(401, errorBody(api, 401, `Incorrect API key provided: ${String(given)}`));
      }
    }
    if (api === "anthropic" && req.headers["anthropic-version"] !== "2023-06-01") {
      return send(400, errorBody(api, 400, "anthropic-version header is required"));
    }
    if (!body) return send(400, errorBody(api, 400, "We could not parse the JSON body of your request."));

    if (mode.stallMs > 0) await wait(mode.stallMs);
    if (gone) return;
    if (mode.failFirst > 0) {
      mode.failFirst--;
      const headers: Record<string, string> = mode.retryAfter !== undefined
        ? { "retry-after": String(mode.retryAfter) }
        : {};
      return send(mode.failStatus, errorBody(api, mode.failStatus, "simulated failure"), headers);
    }
    if (mode.answer === "not_json") return send(200, "<html>502 Bad Gateway</html>");

    const tool = ((body.tool_choice as { name?: string } | undefined)?.name) ?? "save_trip_plan";
    const answer = JSON.stringify(api === "openai" ? openaiAnswer(mode) : anthropicAnswer(mode, tool));
    if (mode.trickleMs <= 0) return send(200, answer);

    // Headers now, then one byte at a time: a client without a body timeout would wait ~forever.
    record.status = 200;
    res.writeHead(200, { "content-type": "application/json" });
    res.flushHeaders();
    const bytes = Buffer.from(answer);
    for (let i = 0; i < bytes.length && !gone; i++) {
      res.write(bytes.subarray(i, i + 1));
      await wait(mode.trickleMs);
    }
    if (!gone) res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  double.baseUrl = api === "openai" ? `${origin}/v1` : origin;
  return double;
}
