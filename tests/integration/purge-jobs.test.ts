// Account purge and the world outside Postgres: the purge queues the Stripe customer's deletion and the
// Storage objects' deletion in its own transaction; the purge-worker (handler on Node, service role) runs
// them against the Stripe double (real SDK) and a Storage double, retrying with backoff until they confirm:
// the customer is deleted exactly once even when the first attempts fail, and the later customer.deleted
// webhook is harmless.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import { jwtVerifierFromEnv } from "../../edge-functions/_shared/jwt.ts";
import { StripePaymentProvider } from "../../edge-functions/_payments/stripe/adapter.ts";
import { createStripeClient } from "../../edge-functions/_payments/stripe/client.ts";
import { storageApiDeleter } from "../../edge-functions/_purge/storage.ts";
import { createPurgeWorkerHandler } from "../../edge-functions/purge-worker/handler.ts";
import { createUser, testSql, type TestUser } from "../support/db.ts";
import { LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from "../support/env.ts";
import { postEvent, quietLogger, webhookHandler } from "../support/payments.ts";
import { startStorageDouble, type StorageDouble } from "../support/storage-double.ts";
import { startStripeDouble, type StripeDouble } from "../support/stripe/double.ts";
import * as o from "../support/stripe/objects.ts";
import { tokenFor } from "../support/tokens.ts";

let sql: Sql;
let stripeDouble: StripeDouble;
let storage: StorageDouble;
let provider: StripePaymentProvider;
let worker: (req: Request) => Promise<Response>;

beforeAll(async () => {
  sql = testSql(6);
  stripeDouble = await startStripeDouble();
  storage = await startStorageDouble({
    serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
    onDelete: async (bucket, names) => {
      await sql.begin(async (tx) => {
        await tx`select set_config('storage.allow_delete_query', 'true', true)`;
        await tx`delete from storage.objects where bucket_id = ${bucket} and name in ${tx(names)}`;
      });
    },
  });
  provider = new StripePaymentProvider(
    createStripeClient({
      secretKey: "sk_test_double",
      apiBase: stripeDouble.url,
      timeoutMs: 400,
      maxNetworkRetries: 0,
    }),
    [],
  );
  worker = createPurgeWorkerHandler({
    sql,
    providers: { stripe: provider },
    storage: storageApiDeleter({ baseUrl: storage.url, serviceRoleKey: LOCAL_SERVICE_ROLE_KEY }),
    verify: jwtVerifierFromEnv({ JWT_SECRET: LOCAL_JWT_SECRET }),
    logger: quietLogger,
  });
});
afterAll(async () => {
  await stripeDouble.close();
  await storage.close();
  await sql.end();
});
beforeEach(() => {
  stripeDouble.failNext(0, {});
  storage.failNext(0);
});

const tick = async (token = LOCAL_SERVICE_ROLE_KEY) => {
  const res = await worker(
    new Request("http://localhost/purge-worker", {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    }),
  );
  return { status: res.status, json: await res.json() };
};
/** Time passes: the backoff of waiting jobs is over. */
const backoffOver = () => sql`update private.purge_jobs set next_attempt_at = now() where status = 'pending'`;

async function doomedUserWithCustomer(): Promise<{ user: TestUser; customerId: string; avatar: string }> {
  const user = await createUser(sql);
  const { customerId } = await provider.createCustomer({
    userId: user.id,
    idempotencyKey: `customer-${user.id}-v1`,
  });
  await sql`select private.remember_billing_customer(${user.id}, 'stripe', ${customerId})`;
  const avatar = `${user.id}/avatar.png`;
  await sql`insert into storage.objects (bucket_id, name, owner_id) values ('avatars', ${avatar}, ${user.id})`;
  await sql`update public.profiles set deleted_at = now(), purge_after = now() - interval '1 second' where id = ${user.id}`;
  return { user, customerId, avatar };
}
const jobsFor = (customerId: string) =>
  sql`select status, attempts from private.purge_jobs where payload ->> 'customer' = ${customerId}`;

describe("purge -> Stripe customer and Storage objects", () => {
  it("deletes the customer exactly once although the first attempts fail, and the avatar through the Storage API", async () => {
    const { user, customerId, avatar } = await doomedUserWithCustomer();
    await sql`select private.purge_deleted_accounts()`;
    expect(await sql`select 1 from auth.users where id = ${user.id}`).toHaveLength(0);
    expect(await jobsFor(customerId)).toEqual([{ status: "pending", attempts: 0 }]);

    stripeDouble.failNext(2, { status: 500, path: /^\/v1\/customers\// });
    storage.failNext(1);
    expect((await tick()).status).toBe(200);
    expect(await jobsFor(customerId)).toEqual([{ status: "pending", attempts: 1 }]);
    const [wait] = await sql`select next_attempt_at > now() as later from private.purge_jobs
      where payload ->> 'customer' = ${customerId}`;
    expect(wait.later).toBe(true); // backoff: not retried at once
    expect((await tick()).json.claimed).toBe(0);

    await backoffOver();
    await tick();
    expect(await jobsFor(customerId)).toEqual([{ status: "pending", attempts: 2 }]);
    await backoffOver();
    await tick();
    expect(await jobsFor(customerId)).toEqual([{ status: "done", attempts: 3 }]);
    expect(stripeDouble.deletedCustomers.filter((c) => c === customerId)).toHaveLength(1);
    expect(stripeDouble.customers.get(customerId)!.deleted).toBe(true);

    // The Storage API removed the avatar (bytes and row), after one failed attempt.
    expect(storage.deletes.filter((d) => d.names.includes(avatar)).map((d) => d.status)).toEqual([500, 200]);
    expect(await sql`select 1 from storage.objects where name = ${avatar}`).toHaveLength(0);

    // Later runs never do it again.
    await backoffOver();
    await tick();
    expect(stripeDouble.deletedCustomers.filter((c) => c === customerId)).toHaveLength(1);
    const deleteCalls = stripeDouble.requests.filter((r) =>
      r.method === "DELETE" && r.path.endsWith(customerId)
    );
    expect(deleteCalls.map((r) => r.status)).toEqual([500, 500, 200]);

    // Stripe's customer.deleted webhook afterwards: acknowledged, nothing to do.
    const res = await postEvent(
      webhookHandler(sql),
      o.event("customer.deleted", { id: customerId, object: "customer", deleted: true }),
    );
    expect(res.status).toBe(200);
    expect((await res.json()).result).toBe("ignored");
  });

  it("an attempt whose answer was lost (customer already gone) counts as confirmed", async () => {
    const { customerId } = await doomedUserWithCustomer();
    await sql`select private.purge_deleted_accounts()`;
    // The first attempt's request reached Stripe, but its answer never came back.
    await provider.deleteCustomer({ customerId });
    await tick();
    expect(await jobsFor(customerId)).toEqual([{ status: "done", attempts: 1 }]);
    expect(stripeDouble.deletedCustomers.filter((c) => c === customerId)).toHaveLength(1);
  });

  it("concurrent workers run each job once; a job is dead after its last attempt", async () => {
    const a = await doomedUserWithCustomer();
    await sql`select private.purge_deleted_accounts()`;
    await Promise.all([tick(), tick(), tick()]);
    expect(stripeDouble.deletedCustomers.filter((c) => c === a.customerId)).toHaveLength(1);

    const b = await doomedUserWithCustomer();
    await sql`select private.purge_deleted_accounts()`;
    await sql`update private.purge_jobs set max_attempts = 2 where payload ->> 'customer' = ${b.customerId}`;
    stripeDouble.failNext(2, { status: 500, path: /^\/v1\/customers\// });
    await tick();
    await backoffOver();
    await tick();
    expect(await jobsFor(b.customerId)).toEqual([{ status: "dead", attempts: 2 }]);
  });

  it("a rolled-back purge queues nothing; the worker refuses anything but the service role", async () => {
    const { user, customerId } = await doomedUserWithCustomer();
    await sql.begin(async (tx) => {
      await tx`select private.purge_deleted_accounts()`;
      await tx`select 1/0`;
    }).catch(() => {});
    expect(await jobsFor(customerId)).toHaveLength(0);
    expect(await sql`select 1 from auth.users where id = ${user.id}`).toHaveLength(1);
    const someone = await createUser(sql);
    expect((await tick(await tokenFor(someone))).status).toBe(403);
    expect(stripeDouble.deletedCustomers).not.toContain(customerId);
  });
});
