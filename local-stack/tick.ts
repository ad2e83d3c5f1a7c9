// One tick of the local stack's scheduler (functions-server.ts --tick): the stand-in for pg_cron + pg_net
// on hosted. When the tick has a due check (--tick-when NAME=schema.function, a SQL function returning
// boolean), it asks the database first, the way private.trigger_email_worker() does on hosted, and calls
// the function only when there is work: an idle stack makes no request and writes no log line.

export type TickOutcome = "idle" | "ran" | "failed";

export interface TickDeps {
  /** Whether there is work; absent: always call. */
  isDue?: () => Promise<boolean>;
  /** Calls the function. */
  run: () => Promise<void>;
  /** Where failures are reported (the only thing a tick ever logs). */
  warn: (msg: string, fields: Record<string, unknown>) => void;
  name: string;
}

export async function tickOnce(deps: TickDeps): Promise<TickOutcome> {
  try {
    if (deps.isDue && !(await deps.isDue())) return "idle";
    await deps.run();
    return "ran";
  } catch (err) {
    deps.warn("tick failed", { function: deps.name, err });
    return "failed";
  }
}

/** `schema.function` only: the name is put into SQL, so nothing else is accepted. */
export function parseDueCheck(spec: string): { name: string; sqlFunction: string } {
  const [name, sqlFunction] = spec.split("=");
  if (!name || !/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(sqlFunction ?? "")) {
    throw new Error(`--tick-when expects NAME=schema.function, got ${JSON.stringify(spec)}`);
  }
  return { name, sqlFunction };
}
