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
