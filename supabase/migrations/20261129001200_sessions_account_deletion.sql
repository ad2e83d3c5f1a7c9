-- Sessions and account deletion. A user lists their own sessions (from auth.sessions) and revokes one or
-- all others. Account deletion: the profile and everything it owns is hidden at once (soft delete), all
-- sessions end, and a daily job purges the account after the grace period.
-- The definer parts read and write auth.* (which the API roles cannot touch) and live in `private`.

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.list_my_sessions()
returns table (
  id uuid, user_agent text, ip inet, created_at timestamptz, refreshed_at timestamptz, updated_at timestamptz,
  aal text, not_after timestamptz, is_current boolean
)
language sql
stable
security definer
set search_path = ''
as $$
  select s.id, s.user_agent, s.ip, s.created_at, s.refreshed_at at time zone 'UTC', s.updated_at, s.aal::text,
    s.not_after, s.id::text = (select auth.jwt() ->> 'session_id')
  from auth.sessions s
  where s.user_id = (select private.active_uid())
  order by coalesce(s.refreshed_at at time zone 'UTC', s.updated_at, s.created_at) desc
$$;

create function private.revoke_session(target_session_id uuid)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := private.active_uid();
begin
  if uid is null then
    raise exception 'sign in to manage sessions' using errcode = '42501';
  end if;
  delete from auth.sessions s where s.id = target_session_id and s.user_id = uid;
  if not found then
    return false;
  end if;
  perform private.log_activity(uid, 'session.revoked', 'session', target_session_id::text);
  return true;
end;
$$;

create function private.revoke_other_sessions()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := private.active_uid();
  current_session text := auth.jwt() ->> 'session_id';
  revoked integer;
begin
  if uid is null then
    raise exception 'sign in to manage sessions' using errcode = '42501';
  end if;
  delete from auth.sessions s where s.user_id = uid and s.id::text is distinct from current_session;
  get diagnostics revoked = row_count;
  perform private.log_activity(uid, 'session.revoked_others', 'user', uid::text, jsonb_build_object('count', revoked));
  return revoked;
end;
$$;

-- Soft delete now: the profile is marked, plans are hidden, every session ends. Returns when the purge is due.
create function private.request_account_deletion()
returns timestamptz
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := private.active_uid();
  purge_at timestamptz := now() + make_interval(days => private.setting_int('account_deletion_grace_days'));
begin
  if uid is null then
    raise exception 'sign in to delete your account' using errcode = '42501';
  end if;
  update public.profiles set deleted_at = now(), purge_after = purge_at where id = uid;
  update public.plans set deleted_at = now(), visibility = 'private' where user_id = uid and deleted_at is null;
  update public.plan_shares s set revoked_at = now()
    from public.plans p where p.id = s.plan_id and p.user_id = uid and s.revoked_at is null;
  delete from auth.sessions where user_id = uid;
  perform private.log_activity(uid, 'account.deletion_requested', 'user', uid::text,
    jsonb_build_object('purge_after', purge_at));
  return purge_at;
end;
$$;

-- Purge accounts whose grace period is over: their avatar objects' rows, then the auth user, which
-- cascades to every table with a user reference (activity rows keep no id: the FK sets null).
-- Runs daily by pg_cron as postgres. Returns the number of accounts purged.
-- Storage bytes and the Stripe customer live outside Postgres: the rows removed here are what the
-- storage service and the payments worker reconcile against.
create function private.purge_deleted_accounts()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  due uuid[];
  attempts integer := private.setting_int('provider_job_max_attempts');
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

select cron.schedule('purge-deleted-accounts', '41 2 * * *', 'select private.purge_deleted_accounts()');

grant execute on function private.list_my_sessions(), private.revoke_session(uuid), private.revoke_other_sessions(),
  private.request_account_deletion() to authenticated;

-- ============================================================================================
-- API functions
-- ============================================================================================

create function public.list_my_sessions()
returns table (
  id uuid, user_agent text, ip inet, created_at timestamptz, refreshed_at timestamptz, updated_at timestamptz,
  aal text, not_after timestamptz, is_current boolean
)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.list_my_sessions()
$$;
comment on function public.list_my_sessions() is 'The caller''s sessions: device (user agent), IP, created, last refreshed, AAL, which one is current.';

create function public.revoke_session(session_id uuid)
returns boolean
language sql
volatile
security invoker
set search_path = ''
as $$
  select private.revoke_session(session_id)
$$;
comment on function public.revoke_session(uuid) is 'Ends one of the caller''s sessions (its refresh tokens stop working); false if it is not theirs.';

create function public.revoke_other_sessions()
returns integer
language sql
volatile
security invoker
set search_path = ''
as $$
  select private.revoke_other_sessions()
$$;
comment on function public.revoke_other_sessions() is 'Ends every session of the caller except the current one; returns how many.';

create function public.request_account_deletion()
returns timestamptz
language sql
volatile
security invoker
set search_path = ''
as $$
  select private.request_account_deletion()
$$;
comment on function public.request_account_deletion() is 'Deletes the caller''s account: hidden at once, purged after the grace period (returned).';

revoke execute on function public.list_my_sessions(), public.revoke_session(uuid), public.revoke_other_sessions(),
  public.request_account_deletion() from public;
grant execute on function public.list_my_sessions(), public.revoke_session(uuid), public.revoke_other_sessions(),
  public.request_account_deletion() to authenticated;
