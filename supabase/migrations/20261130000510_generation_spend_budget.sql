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

alter table public.plan_quotas
  add column monthly_provider_calls integer not null default 0 check (monthly_provider_calls >= 0);
comment on column public.plan_quotas.monthly_provider_calls is
  'Provider calls (LLM requests, retries and repair attempts included, failed jobs included) a user of this tier may cause per calendar month (UTC).';
-- Free: 3 plans need at most 12 calls; the rest allows a few failed attempts. Pro: 100 plans, about 4 calls each.
update public.plan_quotas set monthly_provider_calls = case tier when 'free' then 20 when 'pro' then 400 end;

alter table public.plan_quota_usage
  add column provider_calls integer not null default 0 check (provider_calls >= 0),
  add column provider_calls_reserved integer not null default 0 check (provider_calls_reserved >= 0);
comment on column public.plan_quota_usage.provider_calls is 'Provider calls made by finished generations this month (failed ones included).';
comment on column public.plan_quota_usage.provider_calls_reserved is 'Provider calls held by generations still running (their maximum).';

alter table public.plan_generation_jobs
  add column provider_calls_reserved integer not null default 0 check (provider_calls_reserved >= 0);
comment on column public.plan_generation_jobs.provider_calls_reserved is
  'Provider calls this job reserved from its user''s monthly budget at start (released, and replaced by the calls made, when it ends).';

insert into private.settings (key, value, description) values
  ('generation_provider_calls_per_job', '4',
   'Most provider calls one generation job makes (2 attempts, each with 1 retry on a transient error); reserved from the monthly budget at start.')
on conflict (key) do nothing;

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

-- As in 20261123001200, plus the provider-call budget.
create or replace function private.start_plan_generation(target_user uuid, generation_request jsonb, run_now boolean default false)
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
  per_job integer := greatest(coalesce(private.setting_int('generation_provider_calls_per_job'), 4), 1);
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
    coalesce(private.setting_int('generation_rate_per_minute'), 5), 60);
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
    now() + make_interval(secs => coalesce(private.setting_int('generation_deadline_seconds'), 150)),
    case when run_now then 'running' else 'queued' end::public.generation_status,
    case when run_now then now() end, per_job)
  returning j.id, j.deadline_at into new_job, job_deadline;
  return query select new_job, null::text, null::integer, allowed, this_period, job_deadline;
end;
$$;

-- As in 20261123001200, plus: the job's call reservation becomes the calls it made.
create or replace function private.finish_generation_success(target_job uuid, saved_plan uuid, usage jsonb, provider text, model text)
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

-- As in 20261123001200 (the plan unit goes back), but the calls the job made stay counted.
create or replace function private.finish_generation_failure(target_job uuid, code text, message text, usage jsonb default null)
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

revoke all on function private.generation_calls_made(jsonb, integer) from public, anon, authenticated;
