-- Accounts: app role (user/admin) and tier (free/pro) on the profile, account states (suspended, locked,
-- soft-deleted) and the helpers every policy uses to know who is asking.
-- Privileged columns are outside the column-level update grant: users cannot change them.

-- ============================================================================================
-- types
-- ============================================================================================

create type public.app_role as enum ('user', 'admin');
comment on type public.app_role is 'Application role carried in the access token (claim user_role) by the custom access token hook.';

create type public.account_tier as enum ('free', 'pro');
comment on type public.account_tier is 'Subscription tier; pro raises the plan-generation quota.';

-- Functions are executable only by the roles a migration grants them to. Postgres gives PUBLIC execute on
-- every new function, and a per-schema default can only add to that, so the default is revoked for all
-- functions postgres creates from here on (as basejump does); every API function is granted explicitly.
-- The API roles get usage on `private` for the policy helpers, and execute on nothing else there.
alter default privileges for role postgres revoke execute on functions from public;
revoke execute on all functions in schema private from public;
grant usage on schema private to anon, authenticated, service_role;

-- ============================================================================================
-- tables
-- ============================================================================================

alter table public.profiles
  add column role public.app_role not null default 'user',
  add column tier public.account_tier not null default 'free',
  add column initials text generated always as (
    upper(left(split_part(btrim(display_name), ' ', 1), 1) || left(split_part(btrim(display_name), ' ', 2), 1))
  ) stored,
  add column suspended_at timestamptz,
  add column suspended_reason text check (suspended_reason is null or char_length(suspended_reason) <= 500),
  add column locked_until timestamptz,
  add column deleted_at timestamptz,
  add column purge_after timestamptz,
  add constraint profiles_purge_after_needs_deleted_at check (purge_after is null or deleted_at is not null);

comment on column public.profiles.role is 'user | admin. Changed only by the service role (never by the user).';
comment on column public.profiles.suspended_at is 'Set by an admin; a suspended account gets no new tokens.';
comment on column public.profiles.locked_until is 'Set by the password verification hook after 5 failures in 15 minutes.';
comment on column public.profiles.deleted_at is 'Account deletion requested: hidden everywhere from now on, purged after purge_after.';

create index profiles_purge_after_idx on public.profiles (purge_after) where purge_after is not null;

-- Key/value settings for jobs (retention ages, grace periods). Not exposed.
create table private.settings (
  key text primary key,
  value jsonb not null,
  description text not null
);
comment on table private.settings is 'Operational settings read by scheduled jobs; change with SQL as postgres.';

insert into private.settings (key, value, description) values
  ('account_deletion_grace_days', '30', 'Days between an account deletion request and the purge.'),
  ('activity_log_retention_days', '365', 'Activity log rows older than this are deleted by the retention job.');

create function private.setting_int(setting_key text)
returns integer
language sql
stable
security invoker
set search_path = ''
as $$
  select (value #>> '{}')::integer from private.settings where key = setting_key
$$;

-- ============================================================================================
-- helpers used by policies
-- ============================================================================================

-- The caller's user id when their account is usable (not deleted, not suspended), else null. Policies use
-- it instead of auth.uid() so a deleted or suspended account sees nothing even with a still-valid token.
-- SECURITY DEFINER: it reads profiles regardless of the caller's own policies (which call it).
-- STABLE and wrapped as (select private.active_uid()) in policies, so it runs once per statement.
-- plpgsql rather than sql: a SECURITY DEFINER sql function is never inlined and its body is planned
-- again at every statement (~40 us); plpgsql keeps its plan for the session (~8 us). See benchmarks/rls.
create function private.active_uid()
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (
    select p.id
    from public.profiles p
    where p.id = auth.uid()
      and p.deleted_at is null
      and p.suspended_at is null
  );
end;
$$;
comment on function private.active_uid() is 'auth.uid() of an active (not deleted, not suspended) account; null otherwise.';

-- Admin powers: the token says admin (custom access token hook), the profile still says admin, and when
-- the admin has a verified MFA factor the session is aal2. SECURITY DEFINER: reads auth.mfa_factors.
create function private.is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(auth.jwt() ->> 'user_role' = 'admin', false)
    and exists (
      select 1 from public.profiles p
      where p.id = auth.uid() and p.role = 'admin' and p.deleted_at is null and p.suspended_at is null
    )
    and (
      coalesce(auth.jwt() ->> 'aal', 'aal1') = 'aal2'
      or not exists (select 1 from auth.mfa_factors f where f.user_id = auth.uid() and f.status = 'verified')
    )
$$;
comment on function private.is_admin() is 'True when the caller may use admin powers (role admin in token and profile, aal2 if MFA is enrolled).';

-- Raises 42501 unless the caller is an admin; admin RPCs call it first.
create function private.assert_admin()
returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if not private.is_admin() then
    if coalesce(auth.jwt() ->> 'user_role', '') = 'admin'
      and coalesce(auth.jwt() ->> 'aal', 'aal1') <> 'aal2'
      and exists (select 1 from public.profiles p where p.id = auth.uid() and p.role = 'admin') then
      raise exception 'admin actions need a multi-factor (aal2) session' using errcode = '42501';
    end if;
    raise exception 'admin role required' using errcode = '42501';
  end if;
end;
$$;

grant execute on function private.active_uid() to anon, authenticated, service_role;
grant execute on function private.is_admin() to anon, authenticated, service_role;
grant execute on function private.assert_admin() to authenticated, service_role;

-- ============================================================================================
-- RLS: profiles policies now use the active-account helper
-- ============================================================================================

drop policy "Profiles are viewable by their owner" on public.profiles;
drop policy "Profiles are updatable by their owner" on public.profiles;

create policy "Profiles are viewable by their owner"
  on public.profiles for select
  to authenticated
  using (id = (select private.active_uid()));

create policy "Profiles are updatable by their owner"
  on public.profiles for update
  to authenticated
  using (id = (select private.active_uid()))
  with check (id = (select private.active_uid()));
