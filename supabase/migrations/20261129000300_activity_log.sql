-- Activity log: an append-only record of who did what. Rows are written only by triggers and SECURITY
-- DEFINER functions (private.log_activity); users read their own, admins read all; no API role may update
-- or delete (grants), and a trigger stops everyone else too, except the two maintenance paths below.
-- No PII in rows: ids, action names and non-identifying details; ip/user agent are kept for security
-- review and are trimmed by the retention job. When a user is purged their ids become null.

-- ============================================================================================
-- tables
-- ============================================================================================

create table public.activity_log (
  id bigint generated always as identity primary key,
  -- Whose activity this is (the subject). Null once the account is purged.
  user_id uuid references auth.users (id) on delete set null,
  -- Who did it when not the subject (an admin, a job). Null once that account is purged.
  actor_id uuid references auth.users (id) on delete set null,
  action text not null check (action ~ '^[a-z][a-z_]*\.[a-z][a-z_]*$'),
  entity_type text check (entity_type is null or entity_type ~ '^[a-z_]+$'),
  entity_id text check (entity_id is null or char_length(entity_id) <= 100),
  details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object'),
  ip inet,
  user_agent text check (user_agent is null or char_length(user_agent) <= 512),
  created_at timestamptz not null default now()
);

comment on table public.activity_log is 'Append-only audit trail (plan created/viewed/shared, payments, sign-in events, admin actions). Users read their own rows, admins all; nobody updates or deletes.';
comment on column public.activity_log.action is 'dotted verb, e.g. plan.created, account.locked, admin.user_suspended';

create index activity_log_user_id_created_at_idx on public.activity_log (user_id, created_at desc);
create index activity_log_actor_id_idx on public.activity_log (actor_id);
create index activity_log_created_at_idx on public.activity_log (created_at);

-- ============================================================================================
-- triggers
-- ============================================================================================

-- Append-only. Allowed: (1) the retention job's deletes, which set private.activity_log_maintenance for
-- their transaction; (2) the foreign keys nulling user_id/actor_id when an account is purged (an update
-- made by the foreign key's own trigger that changes nothing but those ids). Everything else raises,
-- whoever runs it.
create function private.activity_log_append_only()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    if current_setting('private.activity_log_maintenance', true) = 'on' then
      return old;
    end if;
  elsif tg_op = 'UPDATE' then
    -- The purge erases a purged user's ip and user agent (nothing else) under the maintenance flag.
    if current_setting('private.activity_log_maintenance', true) = 'on'
      and new.ip is null and new.user_agent is null
      and (to_jsonb(new) - 'ip' - 'user_agent') = (to_jsonb(old) - 'ip' - 'user_agent') then
      return new;
    end if;
    -- Only the foreign keys' ON DELETE SET NULL, which runs inside their own trigger (depth > 1).
    if pg_trigger_depth() > 1
      and (new.user_id is null or new.user_id = old.user_id)
      and (new.actor_id is null or new.actor_id = old.actor_id)
      and (to_jsonb(new) - 'user_id' - 'actor_id') = (to_jsonb(old) - 'user_id' - 'actor_id') then
      return new;
    end if;
  end if;
  raise exception 'activity_log is append-only' using errcode = '42501';
end;
$$;

create trigger activity_log_append_only
  before update or delete on public.activity_log
  for each row execute function private.activity_log_append_only();

create trigger activity_log_no_truncate
  before truncate on public.activity_log
  for each statement execute function private.activity_log_append_only();

-- ============================================================================================
-- helpers
-- ============================================================================================

-- Writes one activity row. SECURITY DEFINER so triggers and RPCs running as a user can append without
-- the user having any insert right. IP and user agent come from the request headers PostgREST (or a
-- function, through the same GUC) sets for the transaction.
create function private.log_activity(
  subject_id uuid,
  action text,
  entity_type text default null,
  entity_id text default null,
  details jsonb default '{}'::jsonb,
  actor uuid default null
)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  headers jsonb;
  client_ip inet;
  new_id bigint;
begin
  begin
    headers := coalesce(nullif(current_setting('request.headers', true), ''), '{}')::jsonb;
  exception when invalid_text_representation then
    headers := '{}'::jsonb;
  end;
  -- IP and user agent are the caller's: kept only on rows about the caller's own doings, never on a row
  -- another user reads (a view of their plan, an admin's action on their account).
  if auth.uid() is distinct from subject_id then
    headers := headers - 'user-agent';
  else
    client_ip := private.request_client_ip();
  end if;
  insert into public.activity_log (user_id, actor_id, action, entity_type, entity_id, details, ip, user_agent)
  values (subject_id, actor, action, entity_type, entity_id, coalesce(details, '{}'::jsonb), client_ip,
    left(headers ->> 'user-agent', 512))
  returning id into new_id;
  return new_id;
end;
$$;
comment on function private.log_activity(uuid, text, text, text, jsonb, uuid) is 'Appends an activity row (the only way rows are written).';
-- Not granted to any API role: a user who could call it could forge audit rows. Triggers and definer
-- functions (owned by postgres) call it; Edge Functions connect as postgres.

-- Retention: deletes rows older than the configured age. Run daily by pg_cron; returns rows deleted.
create function private.trim_activity_log()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  deleted integer;
begin
  perform set_config('private.activity_log_maintenance', 'on', true);
  delete from public.activity_log
  -- At least a day, so a mistyped setting cannot wipe the log.
  where created_at < now() - make_interval(days => greatest(private.setting_int('activity_log_retention_days'), 1));
  get diagnostics deleted = row_count;
  perform set_config('private.activity_log_maintenance', 'off', true);
  return deleted;
end;
$$;
comment on function private.trim_activity_log() is 'Deletes activity rows older than settings.activity_log_retention_days (pg_cron, daily).';

select cron.schedule('activity-log-retention', '17 3 * * *', 'select private.trim_activity_log()');

-- ============================================================================================
-- grants and RLS
-- ============================================================================================

alter table public.activity_log enable row level security;

revoke all on table public.activity_log from anon, authenticated, service_role;
-- Through the table: what happened to whom, not who else did it or from where (those columns are for
-- admins, through public.admin_activity_log(), and the service role).
grant select (id, user_id, action, entity_type, entity_id, details, created_at) on table public.activity_log to authenticated;
grant select on table public.activity_log to service_role;

create policy "Activity is viewable by its subject and by admins"
  on public.activity_log for select
  to authenticated
  using (user_id = (select private.active_uid()) or (select private.is_admin()));
