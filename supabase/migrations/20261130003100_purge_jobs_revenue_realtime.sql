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
  base integer := coalesce(private.setting_int('provider_job_backoff_base_seconds'), 30);
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

-- Redefined: the Storage objects are no longer deleted as rows here (on hosted that leaves the bytes in the
-- bucket); their deletion and the Stripe customer's are queued, in this transaction, for the purge-worker,
-- which calls the Storage API and the payment provider.
create or replace function private.purge_deleted_accounts()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  due uuid[];
  attempts integer := coalesce(private.setting_int('provider_job_max_attempts'), 20);
begin
  select coalesce(array_agg(id), '{}') into due from public.profiles where purge_after <= now();
  if cardinality(due) = 0 then
    return 0;
  end if;
  insert into private.purge_jobs (kind, payload, dedupe_key, max_attempts)
  select 'delete_billing_customer', jsonb_build_object('provider', c.provider, 'customer', c.provider_customer_id),
    'billing_customer:' || c.provider || ':' || c.provider_customer_id, attempts
  from public.billing_customers c where c.user_id = any (due)
  on conflict (dedupe_key) do nothing;
  insert into private.purge_jobs (kind, payload, dedupe_key, max_attempts)
  select 'delete_storage_objects', jsonb_build_object('bucket', o.bucket_id, 'names', jsonb_agg(o.name order by o.name)),
    'storage:' || o.bucket_id || ':' || (storage.foldername(o.name))[1] || ':' || md5(string_agg(o.name, '/' order by o.name)),
    attempts
  from storage.objects o
  where o.bucket_id = 'avatars' and (storage.foldername(o.name))[1] = any (select d::text from unnest(due) d)
  group by o.bucket_id, (storage.foldername(o.name))[1]
  on conflict (dedupe_key) do nothing;
  -- Audit rows stay, but keep no trace of the person: their ids go with the auth user (foreign keys set
  -- null), their ip and user agent go here.
  perform set_config('private.activity_log_maintenance', 'on', true);
  update public.activity_log set ip = null, user_agent = null
    where user_id = any (due) and (ip is not null or user_agent is not null);
  perform set_config('private.activity_log_maintenance', 'off', true);
  perform private.log_activity(null, 'account.purged', 'user', null, jsonb_build_object('count', cardinality(due)));
  delete from auth.users where id = any (due);
  return cardinality(due);
end;
$$;
comment on function private.purge_deleted_accounts() is 'Deletes accounts whose deletion grace period is over (pg_cron, daily); queues their Stripe customer and Storage objects for the purge-worker.';

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

-- ============================================================================================
-- admin revenue
-- ============================================================================================

create function private.admin_revenue(months integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_admin();
  return jsonb_build_object(
    'revenue', coalesce((
      select jsonb_agg(jsonb_build_object('month', r.month, 'currency', r.currency, 'gross_minor', r.gross,
        'refunds_minor', r.refunds, 'disputes_minor', r.disputes, 'net_minor', r.gross - r.refunds - r.disputes)
        order by r.month desc, r.currency)
      from (
        select to_char(date_trunc('month', l.occurred_at at time zone 'UTC'), 'YYYY-MM') as month, l.currency,
          coalesce(sum(l.amount_minor) filter (where l.kind = 'charge'), 0)::bigint as gross,
          coalesce(-sum(l.amount_minor) filter (where l.kind = 'refund'), 0)::bigint as refunds,
          -- Disputed money withdrawn, less what came back when a dispute was won.
          (coalesce(-sum(l.amount_minor) filter (where l.kind = 'dispute'), 0)
            - coalesce(sum(l.amount_minor) filter (where l.kind = 'dispute_reversal'), 0))::bigint as disputes
        from public.payment_ledger l
        where l.occurred_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'
          - make_interval(months => greatest(least(months, 120), 1) - 1)
        group by 1, 2
      ) r), '[]'::jsonb),
    'pro_subscribers_active', (select count(distinct s.user_id) from public.subscriptions s
      join public.profiles p on p.id = s.user_id where p.tier = 'pro' and p.deleted_at is null),
    'subscriptions_by_status', coalesce((select jsonb_object_agg(status, n) from (
      select s.status, count(*) as n from public.subscriptions s group by s.status) x), '{}'::jsonb),
    'generated_at', now()
  );
end;
$$;
comment on function private.admin_revenue(integer) is 'Admin: ledger revenue per month (UTC) and currency (gross, refunds, disputes, net) and active Pro subscribers.';

create function public.admin_revenue(months integer default 12)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.admin_revenue(months)
$$;
comment on function public.admin_revenue(integer) is 'Admin: revenue by month and currency (gross, refunds, disputes, net minor units) for the last N months, and active Pro subscribers.';

grant execute on function private.admin_revenue(integer) to authenticated;

-- The platform stats gain the same revenue (last 12 months) and the active Pro subscribers.
create or replace function private.admin_platform_stats()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  money jsonb;
begin
  perform private.assert_admin();
  money := private.admin_revenue(12);
  return jsonb_build_object(
    'users_total', (select count(*) from public.profiles where deleted_at is null),
    'users_new_7d', (select count(*) from public.profiles where deleted_at is null and created_at > now() - interval '7 days'),
    'users_active_7d', (select count(*) from auth.users u join public.profiles p on p.id = u.id
      where p.deleted_at is null and u.last_sign_in_at > now() - interval '7 days'),
    'users_suspended', (select count(*) from public.profiles where suspended_at is not null and deleted_at is null),
    'plans_total', (select count(*) from public.plans where deleted_at is null),
    'plans_public', (select count(*) from public.plans where deleted_at is null and visibility = 'public'),
    'pro_subscribers_active', money -> 'pro_subscribers_active',
    'revenue_by_month', money -> 'revenue',
    'generated_at', now()
  );
end;
$$;
comment on function private.admin_platform_stats() is 'Admin: users, plans, active Pro subscribers and revenue by month and currency (last 12 months).';
grant execute on function public.admin_revenue(integer) to authenticated;

-- ============================================================================================
-- realtime
-- ============================================================================================

-- postgres_changes applies each table's RLS to every subscriber: owners see their rows, admins all.
alter publication supabase_realtime add table public.bookings, public.subscriptions, public.plan_generation_jobs;

revoke all on function private.claim_purge_jobs(integer, integer), private.finish_purge_job(bigint, uuid, boolean, text),
  private.trigger_purge_worker() from public;
