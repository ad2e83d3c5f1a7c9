-- Profiles: one row per auth user, created by a trigger when Supabase Auth creates the user.
-- The owner reads their profile and updates the columns a user may change; nobody else sees it.
-- Privileged columns added later (role, tier, locks) stay out of the update grant.

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

-- ============================================================================================
-- tables
-- ============================================================================================

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null check (char_length(display_name) between 1 and 80),
  avatar_path text check (avatar_path is null or char_length(avatar_path) <= 512),
  -- BCP 47 language tag, e.g. "en", "fr-CA".
  locale public.language_tag not null default 'en',
  -- ISO 4217 code the user prefers to see budgets in.
  home_currency public.currency_code not null default 'EUR',
  marketing_consent boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  role public.app_role not null default 'user',
  tier public.account_tier not null default 'free',
  initials text generated always as (
    upper(left(split_part(btrim(display_name), ' ', 1), 1) || left(split_part(btrim(display_name), ' ', 2), 1))
  ) stored,
  suspended_at timestamptz,
  suspended_reason text check (suspended_reason is null or char_length(suspended_reason) <= 500),
  locked_until timestamptz,
  deleted_at timestamptz,
  purge_after timestamptz,
  constraint profiles_purge_after_needs_deleted_at check (purge_after is null or deleted_at is not null)
);

comment on table public.profiles is 'One profile per auth user (created by trigger on auth.users); readable and editable only by its owner.';
comment on column public.profiles.avatar_path is 'Object path of the avatar in Storage, e.g. "<user id>/avatar.png".';

create trigger set_updated_at
  before update on public.profiles
  for each row execute function private.set_updated_at();

-- SECURITY DEFINER because Auth inserts users as supabase_auth_admin, which has no rights on public
-- tables. Owned by postgres; lives in `private`, which the Data API does not expose; search_path is
-- empty and every name is qualified.
create function private.create_profile_for_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  meta jsonb := coalesce(new.raw_user_meta_data, '{}'::jsonb);
  name text;
begin
  name := coalesce(
    nullif(btrim(meta ->> 'display_name'), ''),
    nullif(btrim(meta ->> 'full_name'), ''),
    nullif(split_part(coalesce(new.email, ''), '@', 1), ''),
    'Traveller'
  );
  insert into public.profiles (id, display_name, locale)
  values (
    new.id,
    left(name, 80),
    case when (meta ->> 'locale') ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' then meta ->> 'locale' else 'en' end
  );
  return new;
end;
$$;
comment on function private.create_profile_for_new_user() is 'Creates the profile row when Supabase Auth creates a user.';
revoke all on function private.create_profile_for_new_user() from public;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function private.create_profile_for_new_user();

-- ============================================================================================
-- grants and RLS
-- ============================================================================================

alter table public.profiles enable row level security;

-- Explicit grants, whatever the project's default privileges are.
revoke all on table public.profiles from anon, authenticated, service_role;
grant select on table public.profiles to authenticated;
grant update (display_name, avatar_path, locale, home_currency, marketing_consent)
  on table public.profiles to authenticated;
grant select, insert, update, delete on table public.profiles to service_role;

-- ============================================================================================
-- tables
-- ============================================================================================

comment on column public.profiles.role is 'user | admin. Changed only by the service role (never by the user).';
comment on column public.profiles.suspended_at is 'Set by an admin; a suspended account gets no new tokens.';
comment on column public.profiles.locked_until is 'Password sign-in from unknown sources is locked until then (account-wide lock after a distributed attack); mirrors private.sign_in_locks for admins. Sessions are unaffected.';
comment on column public.profiles.deleted_at is 'Account deletion requested: hidden everywhere from now on, purged after purge_after.';

create index profiles_purge_after_idx on public.profiles (purge_after) where purge_after is not null;

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

create policy "Profiles are viewable by their owner"
  on public.profiles for select
  to authenticated
  using (id = (select private.active_uid()));

create policy "Profiles are updatable by their owner"
  on public.profiles for update
  to authenticated
  using (id = (select private.active_uid()))
  with check (id = (select private.active_uid()));

-- The Auth hooks (20261129001700_auth_hooks_sign_in_lockout.sql) run as supabase_auth_admin and read the
-- account state: exactly these columns, every row.
grant usage on schema public to supabase_auth_admin;
grant select (id, role, tier, suspended_at, locked_until, deleted_at) on table public.profiles to supabase_auth_admin;

create policy "Auth reads account state for token claims"
  on public.profiles for select
  to supabase_auth_admin
  using (true);
