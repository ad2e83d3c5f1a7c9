-- AI plan generation: jobs, tier quotas reserved atomically before the provider is called (settled when
-- the plan is saved, released when the job fails), and a per-user rate limit stored in Postgres.
-- The generate-plan function drives these through private functions (it connects as postgres); users
-- read their own jobs and quota usage through the Data API.

-- ============================================================================================
-- types
-- ============================================================================================

create type public.generation_status as enum ('queued', 'running', 'succeeded', 'failed');
comment on type public.generation_status is 'Life of a plan generation job.';

-- ============================================================================================
-- tables
-- ============================================================================================

create table public.plan_quotas (
  tier public.account_tier primary key,
  monthly_plans integer not null check (monthly_plans >= 0),
  description text not null default '',
  monthly_provider_calls integer not null default 0 check (monthly_provider_calls >= 0)
);
comment on table public.plan_quotas is 'Plan generations allowed per calendar month (UTC) for each tier; readable by everyone.';
insert into public.plan_quotas (tier, monthly_plans, description, monthly_provider_calls) values
  ('free', 3, 'Free: a few plans a month', 20),
  ('pro', 100, 'Pro: plenty of plans', 400);

create table public.plan_quota_usage (
  user_id uuid not null references auth.users (id) on delete cascade,
  -- First day of the month (UTC) the usage counts against.
  period date not null check (extract(day from period) = 1),
  -- Generations started and not finished yet: they hold a unit of quota.
  reserved integer not null default 0 check (reserved >= 0),
  -- Generations that produced a saved plan.
  used integer not null default 0 check (used >= 0),
  primary key (user_id, period),
  provider_calls integer not null default 0 check (provider_calls >= 0),
  provider_calls_reserved integer not null default 0 check (provider_calls_reserved >= 0)
);
comment on table public.plan_quota_usage is 'Per user and month: quota units reserved by running generations and used by saved plans.';

create table public.plan_generation_jobs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  status public.generation_status not null default 'queued',
  request jsonb not null check (jsonb_typeof(request) = 'object'),
  quota_period date not null,
  plan_id uuid references public.plans (id) on delete set null,
  provider text,
  model text,
  -- {input_tokens, output_tokens, provider_calls}
  usage jsonb not null default '{}'::jsonb,
  error_code text check (error_code is null or error_code ~ '^[a-z_]+$'),
  error_message text check (error_message is null or char_length(error_message) <= 500),
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  -- A job not finished by then is failed (and its quota released): Edge Functions have a wall-clock limit.
  deadline_at timestamptz not null,
  provider_calls_reserved integer not null default 0 check (provider_calls_reserved >= 0)
);
comment on table public.plan_generation_jobs is 'Plan generation jobs (queued/running/succeeded/failed); the owner polls their status.';
create index plan_generation_jobs_user_id_created_at_idx on public.plan_generation_jobs (user_id, created_at desc);
create index plan_generation_jobs_open_idx on public.plan_generation_jobs (deadline_at) where status in ('queued', 'running');
create index plan_generation_jobs_plan_id_idx on public.plan_generation_jobs (plan_id);

create table private.rate_limit_hits (
  user_id uuid not null references auth.users (id) on delete cascade,
  bucket text not null,
  window_start timestamptz not null,
  hits integer not null default 1,
  primary key (user_id, bucket, window_start)
);
comment on table private.rate_limit_hits is 'Fixed-window request counters per user and endpoint (rate limits).';

-- ============================================================================================
-- helpers (called by the generate-plan function as postgres)
-- ============================================================================================

-- Counts a hit in the current fixed window; returns 0 when allowed, else the seconds until the window ends.
create function private.hit_rate_limit(target_user uuid, bucket_name text, max_hits integer, window_seconds integer)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  window_begin timestamptz := to_timestamp(floor(extract(epoch from now()) / window_seconds) * window_seconds);
  count_now integer;
begin
  insert into private.rate_limit_hits (user_id, bucket, window_start) values (target_user, bucket_name, window_begin)
  on conflict (user_id, bucket, window_start) do update set hits = private.rate_limit_hits.hits + 1
  returning hits into count_now;
  if count_now > max_hits then
    return greatest(1, ceil(extract(epoch from window_begin + make_interval(secs => window_seconds) - now()))::integer);
  end if;
  return 0;
end;
$$;

-- Starts a generation: rate limit, then an atomic quota reservation, then the job row, in one transaction.
-- Returns (job_id, error_code, retry_after_seconds): error_code is null, 'rate_limited' or 'quota_exceeded'.
-- run_now: the caller starts working on the job at once (in the same function instance), so it is created
-- `running` and saves a transaction; a queued job waits for a worker to mark it running.
create function private.start_plan_generation(target_user uuid, generation_request jsonb, run_now boolean default false)
returns table (
  job_id uuid, error_code text, retry_after_seconds integer, quota_limit integer, quota_period date, deadline_at timestamptz
)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  this_period date := date_trunc('month', now() at time zone 'UTC')::date;
  allowed integer;
  budget integer;
  per_job integer := greatest(private.setting_int('generation_provider_calls_per_job'), 1);
  wait_seconds integer;
  reserved_row record;
  plans_held integer;
  new_job uuid;
  job_deadline timestamptz;
begin
  if not exists (select 1 from public.profiles p
    where p.id = target_user and p.deleted_at is null and p.suspended_at is null) then
    raise exception 'account is not active' using errcode = '42501';
  end if;

  wait_seconds := private.hit_rate_limit(target_user, 'generate_plan',
    private.setting_int('generation_rate_per_minute'), 60);
  if wait_seconds > 0 then
    return query select null::uuid, 'rate_limited'::text, wait_seconds, null::integer, this_period, null::timestamptz;
    return;
  end if;

  select q.monthly_plans, q.monthly_provider_calls into allowed, budget
    from public.profiles p join public.plan_quotas q on q.tier = p.tier
    where p.id = target_user;
  allowed := coalesce(allowed, 0);
  budget := coalesce(budget, 0);

  -- One statement on one row: concurrent starts queue on the row lock and each sees the previous one's
  -- counts, so neither the plan quota nor the provider-call budget can be overrun.
  insert into public.plan_quota_usage as u (user_id, period, reserved, provider_calls_reserved)
  select target_user, this_period, 1, per_job where allowed > 0 and budget >= per_job
  on conflict (user_id, period) do update
    set reserved = u.reserved + 1, provider_calls_reserved = u.provider_calls_reserved + per_job
    where u.reserved + u.used < allowed
      and u.provider_calls + u.provider_calls_reserved + per_job <= budget
  returning u.reserved, u.used into reserved_row;
  if not found then
    select u.reserved + u.used into plans_held
      from public.plan_quota_usage u where u.user_id = target_user and u.period = this_period;
    if allowed > 0 and coalesce(plans_held, 0) < allowed then
      -- The plans are there but the calls are not: failed attempts used the budget up.
      return query select null::uuid, 'provider_budget_exceeded'::text,
        greatest(1, ceil(extract(epoch from (this_period + interval '1 month') - (now() at time zone 'UTC'))))::integer,
        budget, this_period, null::timestamptz;
      return;
    end if;
    return query select null::uuid, 'quota_exceeded'::text, null::integer, allowed, this_period, null::timestamptz;
    return;
  end if;

  insert into public.plan_generation_jobs as j (user_id, request, quota_period, deadline_at, status, started_at,
    provider_calls_reserved)
  values (target_user, generation_request, this_period,
    now() + make_interval(secs => private.setting_int('generation_deadline_seconds')),
    case when run_now then 'running' else 'queued' end::public.generation_status,
    case when run_now then now() end, per_job)
  returning j.id, j.deadline_at into new_job, job_deadline;
  return query select new_job, null::text, null::integer, allowed, this_period, job_deadline;
end;
$$;

create function private.mark_generation_running(target_job uuid)
returns boolean
language sql
volatile
security definer
set search_path = ''
as $$
  with changed as (
    update public.plan_generation_jobs set status = 'running', started_at = now()
    where id = target_job and status = 'queued' and deadline_at > now()
    returning 1
  )
  select exists (select 1 from changed)
$$;

-- Success: the job points at its plan, the reserved unit becomes used, "plan ready" is queued. Called in
-- the transaction that saved the plan, so all of it commits together or not at all.
create function private.finish_generation_success(target_job uuid, saved_plan uuid, usage jsonb, provider text, model text)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  job record;
begin
  update public.plan_generation_jobs j
  set status = 'succeeded', plan_id = saved_plan, usage = coalesce(finish_generation_success.usage, '{}'::jsonb),
      provider = finish_generation_success.provider, model = finish_generation_success.model, finished_at = now()
  where j.id = target_job and j.status = 'running'
  returning j.user_id, j.quota_period, j.provider_calls_reserved, j.usage into job;
  if not found then
    return false;
  end if;
  update public.plan_quota_usage
    set reserved = greatest(reserved - 1, 0), used = used + 1,
      provider_calls_reserved = greatest(provider_calls_reserved - job.provider_calls_reserved, 0),
      provider_calls = provider_calls + private.generation_calls_made(finish_generation_success.usage,
        job.provider_calls_reserved)
    where user_id = job.user_id and period = job.quota_period;
  perform private.enqueue_plan_ready_email(saved_plan);
  return true;
end;
$$;

-- Failure: the job records why, and the reserved unit goes back to the user.
create function private.finish_generation_failure(target_job uuid, code text, message text, usage jsonb default null)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  job record;
begin
  update public.plan_generation_jobs j
  set status = 'failed', error_code = code, error_message = left(message, 500),
      usage = coalesce(finish_generation_failure.usage, j.usage), finished_at = now()
  where j.id = target_job and j.status in ('queued', 'running')
  returning j.user_id, j.quota_period, j.provider_calls_reserved into job;
  if not found then
    return false;
  end if;
  update public.plan_quota_usage
    set reserved = greatest(reserved - 1, 0),
      provider_calls_reserved = greatest(provider_calls_reserved - job.provider_calls_reserved, 0),
      provider_calls = provider_calls + private.generation_calls_made(finish_generation_failure.usage,
        job.provider_calls_reserved)
    where user_id = job.user_id and period = job.quota_period;
  return true;
end;
$$;

-- Jobs past their deadline are failed (their function instance was stopped); runs every minute.
create function private.fail_stale_generation_jobs()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  stale uuid;
  n integer := 0;
begin
  for stale in select id from public.plan_generation_jobs where status in ('queued', 'running') and deadline_at <= now() loop
    if private.finish_generation_failure(stale, 'timeout', 'The generation did not finish in time') then
      n := n + 1;
    end if;
  end loop;
  delete from private.rate_limit_hits where window_start < now() - interval '1 hour';
  return n;
end;
$$;

select cron.schedule('plan-generation-deadlines', '* * * * *', 'select private.fail_stale_generation_jobs()');

-- ============================================================================================
-- grants and RLS
-- ============================================================================================

alter table public.plan_quotas enable row level security;
alter table public.plan_quota_usage enable row level security;
alter table public.plan_generation_jobs enable row level security;

revoke all on table public.plan_quotas, public.plan_quota_usage, public.plan_generation_jobs from anon, authenticated, service_role;
grant select on table public.plan_quotas to anon, authenticated;
grant select on table public.plan_quota_usage, public.plan_generation_jobs to authenticated;
grant select, insert, update, delete on table public.plan_quotas, public.plan_quota_usage, public.plan_generation_jobs to service_role;

create policy "Plan quotas are viewable by everyone"
  on public.plan_quotas for select to anon, authenticated using (true);
create policy "Quota usage is viewable by its user"
  on public.plan_quota_usage for select to authenticated using (user_id = (select private.active_uid()));
create policy "Generation jobs are viewable by their user"
  on public.plan_generation_jobs for select to authenticated using (user_id = (select private.active_uid()));

-- Provider spend per user (issue 8, finding 4). A failed generation gives its plan unit back (the user
-- got no plan), so the monthly plan quota alone did not bound provider calls: a user who makes the
-- provider fail could start unlimited generations. Every provider call now counts, whether the job
-- succeeds or fails, against a monthly budget of provider calls per tier:
-- - at start, the job reserves the most calls one job can make (generation_provider_calls_per_job: two
--   attempts, each with one retry on a transient error = 4) on the same row lock as the plan unit, so
--   concurrent starts cannot overspend;
-- - at the end (success, failure or the deadline sweeper) the reservation is replaced by the calls the job
--   really made (usage.provider_calls, counted per HTTP request by the runner); a job that vanished (the
--   sweeper, no usage known) is charged its whole reservation.
-- Starting a generation is refused with 'provider_budget_exceeded' (HTTP 429, Retry-After = the start of
-- next month) once used + reserved calls + one more job's reservation exceed the budget.

comment on column public.plan_quotas.monthly_provider_calls is
  'Provider calls (LLM requests, retries and repair attempts included, failed jobs included) a user of this tier may cause per calendar month (UTC).';

-- Free: 3 plans need at most 12 calls; the rest allows a few failed attempts. Pro: 100 plans, about 4 calls each.

comment on column public.plan_quota_usage.provider_calls is 'Provider calls made by finished generations this month (failed ones included).';
comment on column public.plan_quota_usage.provider_calls_reserved is 'Provider calls held by generations still running (their maximum).';
comment on column public.plan_generation_jobs.provider_calls_reserved is
  'Provider calls this job reserved from its user''s monthly budget at start (released, and replaced by the calls made, when it ends).';

-- The calls a finished job made, from its usage; unknown (no usage) -> its whole reservation.
create function private.generation_calls_made(usage jsonb, reserved integer)
returns integer
language sql
immutable
security invoker
set search_path = ''
as $$
  select case
    when jsonb_typeof(usage -> 'provider_calls') = 'number' then greatest((usage ->> 'provider_calls')::numeric, 0)::integer
    else reserved
  end
$$;

revoke all on function private.generation_calls_made(jsonb, integer) from public, anon, authenticated;
