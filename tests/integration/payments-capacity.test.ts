// Seat holds against the real database: concurrent bookings never oversell, and a hold released by any
// path (cancel, expiry, failure) is released once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "../../edge-functions/_shared/db.ts";
import { createUser, testSql } from "../support/db.ts";

let sql: Sql;
beforeAll(() => {
  sql = testSql(4);
});
afterAll(async () => {
  await sql.end();
});

async function offer(capacity: number | null, price = 4500, currency = "EUR") {
  const [{ id }] = await sql<{ id: string }[]>`
    insert into public.offers (title, destination, price_per_traveller_minor, currency, capacity)
    values ('Capacity test', 'Lisbon', ${price}, ${currency}, ${capacity}) returning id`;
  return id;
}
type Result = { booking_id: string | null; created: boolean; error_code: string | null };

describe("seat holds", () => {
  it("50 concurrent bookings for 3 seats left: exactly 3 holds and 47 sold_out", async () => {
    const id = await offer(10);
    const [filler] = [await createUser(sql)];
    await sql`select * from private.create_booking(${filler.id}, ${id}, 7)`;
    const users = await Promise.all(Array.from({ length: 50 }, () => createUser(sql)));
    const clients = Array.from({ length: 10 }, () => testSql(5));
    try {
      const results = await Promise.all(
        users.map((u, i) =>
          clients[i % 10]<Result[]>`select * from private.create_booking(${u.id}, ${id}, 1)`.then((r) => r[0])
        ),
      );
      expect(results.filter((r) => r.booking_id).length).toBe(3);
      expect(results.filter((r) => r.error_code === "sold_out").length).toBe(47);
      const [o] = await sql`select seats_taken from public.offers where id = ${id}`;
      expect(o.seats_taken).toBe(10);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it("releases a hold once, whatever releases it and how often", async () => {
    const id = await offer(4);
    const user = await createUser(sql);
    const [b] = await sql<Result[]>`select * from private.create_booking(${user.id}, ${id}, 3)`;
    await Promise.all([
      sql`select private.cancel_booking(${user.id}, ${b.booking_id})`.catch(() => null),
      sql`select private.fail_booking_start(${b.booking_id}, 'provider down')`,
      sql`update public.bookings set hold_expires_at = now() - interval '1 minute' where id = ${b.booking_id}`
        .then(() => sql`select private.expire_stale_bookings()`),
    ]);
    const [o] = await sql`select seats_taken from public.offers where id = ${id}`;
    expect(o.seats_taken).toBe(0);
    const [again] = await sql<Result[]>`select * from private.create_booking(${user.id}, ${id}, 4)`;
    expect(again.error_code).toBeNull();
  });

  it("the same request key returns the same booking and holds seats once", async () => {
    const id = await offer(5);
    const user = await createUser(sql);
    const [a] = await sql<
      Result[]
    >`select * from private.create_booking(${user.id}, ${id}, 2, null, null, 'retry-key-1')`;
    const [b] = await sql<
      Result[]
    >`select * from private.create_booking(${user.id}, ${id}, 2, null, null, 'retry-key-1')`;
    expect(b.booking_id).toBe(a.booking_id);
    expect(b.created).toBe(false);
    const [o] = await sql`select seats_taken from public.offers where id = ${id}`;
    expect(o.seats_taken).toBe(2);
  });

  it("refuses a plan of another user and computes JPY amounts without a minor unit", async () => {
    const id = await offer(null, 12000, "JPY");
    const [owner, other] = [await createUser(sql), await createUser(sql)];
    const [plan] = await sql`insert into public.plans (user_id, title, destination, start_date, end_date)
      values (${other.id}, 'T', 'Kyoto', current_date, current_date) returning id`;
    const [refused] = await sql<
      Result[]
    >`select * from private.create_booking(${owner.id}, ${id}, 1, ${plan.id})`;
    expect(refused.error_code).toBe("plan_not_found");
    const [ok] = await sql<Result[]>`select * from private.create_booking(${owner.id}, ${id}, 3)`;
    const [bk] = await sql`select amount_minor, currency from public.bookings where id = ${ok.booking_id}`;
    expect([Number(bk.amount_minor), bk.currency]).toEqual([36000, "JPY"]);
  });
});
