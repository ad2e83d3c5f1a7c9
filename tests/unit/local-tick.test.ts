// The local stack's tick is quiet when idle: with a due check it neither calls the function nor logs.
import { describe, expect, it } from "vitest";
import { parseDueCheck, tickOnce } from "../../local-stack/tick.ts";

function recorder(isDue?: () => Promise<boolean>, run: () => Promise<void> = async () => {}) {
  const calls: string[] = [];
  const logs: string[] = [];
  const deps = {
    name: "email-worker",
    isDue,
    run: async () => {
      calls.push("run");
      await run();
    },
    warn: (msg: string) => logs.push(msg),
  };
  return { deps, calls, logs };
}

describe("tickOnce", () => {
  it("does nothing, and logs nothing, when the due check says there is no work", async () => {
    const r = recorder(async () => false);
    expect(await tickOnce(r.deps)).toBe("idle");
    expect(r.calls).toEqual([]);
    expect(r.logs).toEqual([]);
  });

  it("calls the function when there is work, or when there is no due check", async () => {
    const due = recorder(async () => true);
    expect(await tickOnce(due.deps)).toBe("ran");
    const always = recorder();
    expect(await tickOnce(always.deps)).toBe("ran");
    expect([...due.calls, ...always.calls]).toEqual(["run", "run"]);
    expect([...due.logs, ...always.logs]).toEqual([]);
  });

  it("logs a failure of the check or of the call, and skips the call when the check failed", async () => {
    const badCheck = recorder(() => Promise.reject(new Error("db down")));
    expect(await tickOnce(badCheck.deps)).toBe("failed");
    expect(badCheck.calls).toEqual([]);
    const badRun = recorder(async () => true, () => Promise.reject(new Error("refused")));
    expect(await tickOnce(badRun.deps)).toBe("failed");
    expect([...badCheck.logs, ...badRun.logs]).toEqual(["tick failed", "tick failed"]);
  });
});

describe("parseDueCheck", () => {
  it("accepts schema.function only (the name goes into SQL)", () => {
    expect(parseDueCheck("email-worker=private.email_outbox_due")).toEqual({
      name: "email-worker",
      sqlFunction: "private.email_outbox_due",
    });
    for (
      const bad of ["email-worker", "email-worker=email_outbox_due", "w=private.f(); drop table x", "w=A.b"]
    ) {
      expect(() => parseDueCheck(bad)).toThrowError(/--tick-when/);
    }
  });
});
