// Structured JSON logs, one object per line, always with the function name and the request id so a
// request can be followed across log lines (hosted Edge Functions ship stdout/stderr to Logflare).

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;
export type LogSink = (line: string, level: LogLevel) => void;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const consoleSink: LogSink = (line, level) => {
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
};

/** Errors become plain objects (name, message, stack, code) so they survive JSON.stringify. */
function serialize(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v instanceof Error) {
      const code = (v as { code?: unknown }).code;
      out[k] = { name: v.name, message: v.message, stack: v.stack, ...(code ? { code } : {}) };
    } else out[k] = v;
  }
  return out;
}

export function createLogger(base: LogFields = {}, sink: LogSink = consoleSink): Logger {
  const write = (level: LogLevel, msg: string, fields: LogFields = {}) => {
    const entry = { time: new Date().toISOString(), level, msg, ...base, ...serialize(fields) };
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      line = JSON.stringify({ time: entry.time, level, msg, ...base, note: "unserializable fields" });
    }
    // Hosted log lines are cut at 10,000 characters.
    sink(line.length > 9_000 ? line.slice(0, 9_000) + "…" : line, level);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (fields) => createLogger({ ...base, ...fields }, sink),
  };
}
