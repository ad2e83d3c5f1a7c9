-- 1. The account purge's work outside Postgres (the Stripe customer, the Storage bytes) goes through a job
--    table written in the purge's own transaction and drained by the purge-worker function: retried with
--    backoff until the provider confirms, never lost (the row commits with the purge), never done twice
--    (a lease per attempt; done rows are never claimed again; "already gone" counts as confirmed).
-- 2. Admin revenue: by month and currency from the ledger, and active Pro subscribers.
-- 3. Realtime: bookings, subscriptions and plan_generation_jobs in the supabase_realtime publication.

-- ============================================================================================
-- purge jobs
-- ============================================================================================

create table private.purge_jobs (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('delete_billing_customer', 'delete_storage_objects')),
  -- delete_billing_customer: {provider, customer}; delete_storage_objects: {bucket, names[]}.
  payload jsonb not null,
  -- One job per thing to delete: the same purge run twice queues nothing new.
  dedupe_key text not null unique,
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead')),
  attempts integer not null default 0,
  max_attempts integer not null,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  lease_id uuid,
  last_error text check (last_error is null or char_length(last_error) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  done_at timestamptz
);
comment on table private.purge_jobs is 'Deletions outside Postgres queued by the account purge (Stripe customer, Storage objects); drained by the purge-worker with retries. Holds provider ids only, no personal data.';
create index purge_jobs_due_idx on private.purge_jobs (next_attempt_at) where status in ('pending', 'running');
create trigger set_updated_at before update on private.purge_jobs
  for each row execute function private.set_updated_at();

-- Claims due jobs (or those whose worker's lease ran out) for lease_seconds; concurrent workers skip each
-- other's rows; each attempt gets a fresh lease the outcome must quote.
create function private.claim_purge_jobs(batch_size integer, lease_seconds integer)
returns setof private.purge_jobs
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  update private.purge_jobs set status = 'dead', lease_id = null, locked_until = null,
    last_error = coalesce(last_error, 'the worker stopped during every attempt')
  where status = 'running' and locked_until < now() and attempts >= max_attempts;
  return query
    update private.purge_jobs j
    set status = 'running', attempts = j.attempts + 1, lease_id = gen_random_uuid(),
        locked_until = now() + make_interval(secs => lease_seconds)
    where j.id in (
      select c.id from private.purge_jobs c
      where (c.status = 'pending' and c.next_attempt_at <= now())
         or (c.status = 'running' and c.locked_until < now() and c.attempts < c.max_attempts)
      order by c.next_attempt_at
      limit greatest(batch_size, 1)
      for update skip locked)
    returning j.*;
end;
$$;
comment on function private.claim_purge_jobs(integer, integer) is 'Leases due purge jobs to a worker.';

-- Records an attempt's outcome (only for the lease that attempt holds). A failure waits base * 2^(n-1)
-- seconds (capped at six hours) and is dead after max_attempts.
create function private.finish_purge_job(job_id bigint, lease uuid, succeeded boolean, error text)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  j private.purge_jobs;
  base integer := private.setting_int('provider_job_backoff_base_seconds');
begin
  select * into j from private.purge_jobs where id = job_id and lease_id = lease and status = 'running' for update;
  if not found then
    return 'stale';
  end if;
  if succeeded then
    update private.purge_jobs set status = 'done', done_at = now(), lease_id = null, locked_until = null, last_error = null
      where id = job_id;
    return 'done';
  end if;
  update private.purge_jobs set
    status = case when j.attempts >= j.max_attempts then 'dead' else 'pending' end,
    next_attempt_at = now() + make_interval(secs => least(21600, base * power(2, greatest(j.attempts - 1, 0))::integer)),
    lease_id = null, locked_until = null, last_error = left(error, 1000)
  where id = job_id;
  return case when j.attempts >= j.max_attempts then 'dead' else 'retry' end;
end;
$$;
comment on function private.finish_purge_job(bigint, uuid, boolean, text) is 'Marks a purge job done, or schedules its retry with backoff (dead after max attempts).';

-- On hosted Supabase, pg_cron pokes the purge-worker through pg_net (same Vault secrets as the email worker)
-- when jobs are due; absent pg_net or the secrets (the local stack ticks the worker itself) it does nothing.
create function private.trigger_purge_worker()
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  url text;
  key text;
begin
  if not exists (select 1 from pg_catalog.pg_extension where extname = 'pg_net')
    or to_regclass('vault.decrypted_secrets') is null then
    return false;
  end if;
  if not exists (select 1 from private.purge_jobs
    where (status = 'pending' and next_attempt_at <= now()) or (status = 'running' and locked_until < now())) then
    return false;
  end if;
  execute format('select decrypted_secret from %I.decrypted_secrets where name = $1', 'vault') into url using 'project_url';
  execute format('select decrypted_secret from %I.decrypted_secrets where name = $1', 'vault') into key using 'service_role_key';
  if url is null or key is null then
    return false;
  end if;
  execute format('select %I.http_post(url := $1, headers := $2, body := $3, timeout_milliseconds := 5000)', 'net')
    using url || '/functions/v1/purge-worker',
      jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || key),
      '{}'::jsonb;
  return true;
end;
$$;
comment on function private.trigger_purge_worker() is 'pg_cron: calls the purge-worker function through pg_net on hosted when purge jobs are due.';
select cron.schedule('purge-jobs-drain', '* * * * *', 'select private.trigger_purge_worker()');

revoke all on function private.claim_purge_jobs(integer, integer), private.finish_purge_job(bigint, uuid, boolean, text),
  private.trigger_purge_worker() from public;

-- Whether the purge worker has anything to do (the same predicate private.trigger_purge_worker() checks on
-- hosted before posting): the local stack's tick asks it first, so an idle stack does not call the worker.
create function private.purge_jobs_due()
returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
  select exists (select 1 from private.purge_jobs
    where (status = 'pending' and next_attempt_at <= now()) or (status = 'running' and locked_until < now()))
$$;

comment on function private.purge_jobs_due() is
  'True when a purge job is due or its lease ran out (the local stack''s tick asks first).';
revoke execute on function private.purge_jobs_due() from public, anon, authenticated, service_role;
