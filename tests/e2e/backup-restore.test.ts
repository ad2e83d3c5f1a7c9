// npm run db:backup / db:restore for real, on a stack of its own (data folder and port beside any other):
// data written -> backup -> stack reset (a fresh build: platform, migrations, seed) -> restore -> every
// table in the backup has the same row count and checksum as before.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import process from "node:process";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/env.ts";
import { freePort } from "../support/functions-server.ts";

const NAME = "e2e-backup";
let env: Record<string, string>;
let port: number;
let workDir: string;
const stackSh = path.join(ROOT, "local-stack/stack.sh");
const backupSh = path.join(ROOT, "local-stack/backup.sh");
const dataDir = () =>
  execFileSync("bash", ["-c", `source '${ROOT}/local-stack/lib.sh'; cluster_dir ${NAME}`], {
    encoding: "utf8",
  })
    .trim();

const run = (script: string, ...args: string[]) =>
  spawnSync("bash", [script, ...args], { env, encoding: "utf8", timeout: 240_000 });

function admin() {
  return postgres(`postgresql://supabase_admin:postgres@127.0.0.1:${port}/postgres`, {
    max: 1,
    onnotice: () => {},
  });
}

/** Row count and checksum of every table a backup holds (the same list backup.sh uses), and sequences. */
async function fingerprint(): Promise<Record<string, string>> {
  const db = admin();
  try {
    const tables = (await db<{ t: string }[]>`
      select format('%I.%I', n.nspname, c.relname) as t
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and (
        (pg_get_userbyid(n.nspowner) = 'postgres' and n.nspname not in ('supabase_migrations', 'tests'))
        or (n.nspname = 'auth' and c.relname <> 'schema_migrations')
        or (n.nspname = 'storage' and c.relname <> 'migrations'))
      order by 1`).map((r) => r.t);
    const out: Record<string, string> = {};
    for (const t of tables) {
      const [row] = await db.unsafe<{ n: string; sum: string | null }[]>(
        `select count(*)::text as n, md5(string_agg(x::text, '|' order by x::text)) as sum from ${t} x`,
      );
      out[t] = `${row.n}:${row.sum ?? "-"}`;
    }
    // Sequences too: rows added after a restore must not collide with restored ids.
    for (
      const s of await db<{ name: string; last: string | null }[]>`
      select format('%I.%I', schemaname, sequencename) as name, last_value::text as last from pg_sequences
      where schemaname in ('public', 'private', 'auth', 'storage')`
    ) out[`seq ${s.name}`] = s.last ?? "-";
    return out;
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  port = await freePort();
  env = { ...process.env, STACK_NAME: NAME, DEV_DB_PORT: String(port) } as Record<string, string>;
  workDir = mkdtempSync(path.join(tmpdir(), "tm-backup-"));
  const built = run(stackSh, "reset");
  expect(built.status, built.stderr).toBe(0);
}, 240_000);

afterAll(() => {
  run(stackSh, "stop");
  rmSync(dataDir(), { recursive: true, force: true });
  rmSync(path.join(ROOT, ".stack", `mailbox-${NAME}`), { recursive: true, force: true });
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("db:backup and db:restore", () => {
  it("round-trips every table of the project's data through a reset", async () => {
    // Start the database (backup.sh starts a stopped cluster) and write data into many tables.
    const first = run(backupSh, "backup", path.join(workDir, "warmup.sql"));
    expect(first.status, first.stderr).toBe(0);
    const db = postgres(`postgresql://postgres:postgres@127.0.0.1:${port}/postgres`, {
      max: 1,
      onnotice: () => {},
    });
    try {
      await db.begin(async (tx) => {
        const [u] = await tx<{ id: string }[]>`
          insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
            raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token,
            email_change_token_new, email_change)
          values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
            'backup-user@example.test', '', now(), '{"provider":"email"}', '{"display_name":"Bäckup ✈"}', now(),
            now(), '', '', '', '')
          returning id`;
        const [p] = await tx<{ id: string }[]>`
          insert into public.plans (user_id, title, destination, start_date, end_date, visibility, interests)
          values (${u.id}, 'Kyoto, "quoted", line
break', '京都', current_date, current_date + 1, 'public', '{temples,food}') returning id`;
        const [d] = await tx<{ id: string }[]>`
          insert into public.plan_days (plan_id, day_number, date) values (${p.id}, 1, current_date) returning id`;
        await tx`insert into public.plan_items (plan_id, day_id, position, time_slot, title, estimated_cost, latitude, longitude)
          values (${p.id}, ${d.id}, 0, 'morning', 'Fushimi Inari', 12.5, 34.967, 135.772)`;
        await tx`insert into public.plan_shares (plan_id) values (${p.id})`;
        await tx`insert into public.plan_private_details (plan_id, accessibility_needs) values (${p.id}, 'step-free')`;
        await tx`insert into storage.objects (bucket_id, name, owner_id) values ('avatars', ${
          u.id + "/me.png"
        }, ${u.id})`;
        await tx`select set_config('role', 'authenticated', true),
          set_config('request.jwt.claims', ${JSON.stringify({ sub: u.id, role: "authenticated" })}, true)`;
        await tx`delete from public.plans where id = ${p.id}`; // soft delete: trash + activity row
      });
    } finally {
      await db.end();
    }

    const before = await fingerprint();
    expect(Object.keys(before).length).toBeGreaterThan(25);
    expect(before["public.plans"]).not.toMatch(/^0:/);
    const file = path.join(workDir, "backup.sql");
    const dumped = run(backupSh, "backup", file);
    expect(dumped.status, dumped.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).not.toMatch(/CREATE TABLE|cron\.job/i);

    const reset = run(stackSh, "reset");
    expect(reset.status, reset.stderr).toBe(0);
    run(backupSh, "backup", path.join(workDir, "start.sql")); // starts the rebuilt cluster
    expect(await fingerprint(), "the reset really emptied what was written").not.toEqual(before);

    const restored = run(backupSh, "restore", file);
    expect(restored.status, restored.stderr).toBe(0);
    expect(await fingerprint()).toEqual(before);

    // A file that is not a backup, or a backup from other migrations, is refused and changes nothing.
    const junk = path.join(workDir, "junk.sql");
    writeFileSync(junk, "truncate auth.users cascade;\n");
    const refused = run(backupSh, "restore", junk);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/not a TripMaster backup/);
    const other = path.join(workDir, "other.sql");
    writeFileSync(
      other,
      readFileSync(file, "utf8").replace(/^(-- tripmaster-backup migrations=)/, "$120990101000000,"),
    );
    const mismatch = run(backupSh, "restore", other);
    expect(mismatch.status).not.toBe(0);
    expect(mismatch.stderr).toMatch(/other migrations/);
    expect(await fingerprint()).toEqual(before);
  }, 600_000);
});
