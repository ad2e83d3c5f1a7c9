-- Profiles: one row per auth user, created by a trigger when Supabase Auth creates the user.
-- The owner reads their profile and updates the columns a user may change; nobody else sees it.
-- Privileged columns added later (role, tier, locks) stay out of the update grant.

-- ============================================================================================
-- schemas
-- ============================================================================================

-- `private` holds trigger functions and SECURITY DEFINER helpers. It is not in [api].schemas, so the
-- Data API cannot call anything in it, and the API roles get no usage on it.
create schema if not exists private;
revoke all on schema private from public;
comment on schema private is 'Internal functions (triggers, definer helpers); never exposed through the Data API.';

-- ============================================================================================
-- tables
-- ============================================================================================

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null check (char_length(display_name) between 1 and 80),
  avatar_path text check (avatar_path is null or char_length(avatar_path) <= 512),
  -- BCP 47 language tag, e.g. "en", "fr-CA".
  locale text not null default 'en' check (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  -- ISO 4217 code the user prefers to see budgets in.
  home_currency text not null default 'EUR' check (home_currency ~ '^[A-Z]{3}$'),
  marketing_consent boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.profiles is 'One profile per auth user (created by trigger on auth.users); readable and editable only by its owner.';
comment on column public.profiles.avatar_path is 'Object path of the avatar in Storage, e.g. "<user id>/avatar.png".';

-- ============================================================================================
-- triggers
-- ============================================================================================

create function private.set_updated_at()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
comment on function private.set_updated_at() is 'Keeps updated_at current on every update.';

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

create policy "Profiles are viewable by their owner"
  on public.profiles for select
  to authenticated
  using (id = (select auth.uid()));

create policy "Profiles are updatable by their owner"
  on public.profiles for update
  to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));
