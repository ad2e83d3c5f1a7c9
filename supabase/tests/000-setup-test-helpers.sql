-- Test helpers shared by every pgTAP file. This file runs first (name order) and COMMITS, so the helpers
-- exist for the files after it; it works the same under the local harness (pg_prove) and under
-- `supabase test db` with Docker. The `tests` schema is not exposed through the Data API.
--
-- tests.create_user(email, metadata)          -> uuid   a user as Auth would insert it (profile trigger fires)
-- tests.authenticate_as(user_id, overrides)   -> void   role authenticated + full GoTrue-style claims
-- tests.authenticate_as_anon()                -> void   role anon, no claims
-- tests.authenticate_as_service_role()        -> void   role service_role with the service key's claims
-- tests.clear_authentication()                -> void   back to the session user (postgres)
-- Claims are transaction-local (set_config(..., true)), like PostgREST's.

create extension if not exists pgtap with schema extensions;

create schema if not exists tests;
grant usage on schema tests to anon, authenticated, service_role;

create or replace function tests.create_user(
  email text default null,
  metadata jsonb default '{}'::jsonb,
  app_metadata jsonb default '{}'::jsonb
)
returns uuid
language plpgsql
security invoker
set search_path = ''
as $$
declare
  new_id uuid := gen_random_uuid();
begin
  insert into auth.users (
    instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
    raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
    confirmation_token, recovery_token, email_change_token_new, email_change
  ) values (
    '00000000-0000-0000-0000-000000000000', new_id, 'authenticated', 'authenticated',
    coalesce(email, new_id::text || '@test.tripmaster.test'), '', now(),
    '{"provider": "email", "providers": ["email"]}'::jsonb || coalesce(app_metadata, '{}'::jsonb),
    coalesce(metadata, '{}'::jsonb), now(), now(), '', '', '', ''
  );
  return new_id;
end;
$$;

-- SECURITY DEFINER so a test already acting as some user can switch to another (authenticated cannot
-- read auth.users). It only builds claims; the role switch happens in the invoker function below
-- (Postgres forbids SET ROLE inside a definer function).
create or replace function tests.user_claims(user_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  u record;
begin
  select id, email, phone, is_anonymous, raw_app_meta_data, raw_user_meta_data
    into u from auth.users where id = user_id;
  if not found then
    raise exception 'tests.user_claims: no auth user %', user_id;
  end if;
  return jsonb_build_object(
    'iss', 'http://127.0.0.1:54321/auth/v1',
    'aud', 'authenticated',
    'sub', u.id,
    'email', coalesce(u.email, ''),
    'phone', coalesce(u.phone, ''),
    'role', 'authenticated',
    'aal', 'aal1',
    'amr', jsonb_build_array(jsonb_build_object('method', 'password', 'timestamp', extract(epoch from now())::bigint)),
    'session_id', gen_random_uuid(),
    'is_anonymous', u.is_anonymous,
    'app_metadata', coalesce(u.raw_app_meta_data, '{}'::jsonb),
    'user_metadata', coalesce(u.raw_user_meta_data, '{}'::jsonb),
    'iat', extract(epoch from now())::bigint,
    'exp', extract(epoch from now() + interval '1 hour')::bigint
  );
end;
$$;

create or replace function tests.authenticate_as(user_id uuid, overrides jsonb default '{}'::jsonb)
returns void
language plpgsql
security invoker
set search_path = ''
as $$
declare
  claims jsonb := tests.user_claims(user_id) || coalesce(overrides, '{}'::jsonb);
begin
  perform set_config('request.jwt.claims', claims::text, true);
  perform set_config('role', claims ->> 'role', true);
end;
$$;

create or replace function tests.authenticate_as_anon()
returns void
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform set_config('request.jwt.claims', '{"role": "anon"}', true);
  perform set_config('role', 'anon', true);
end;
$$;

create or replace function tests.authenticate_as_service_role()
returns void
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform set_config('request.jwt.claims', '{"iss": "supabase-demo", "role": "service_role"}', true);
  perform set_config('role', 'service_role', true);
end;
$$;

create or replace function tests.clear_authentication()
returns void
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform set_config('request.jwt.claims', '', true);
  perform set_config('role', 'none', true);
end;
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;

select plan(1);
select has_function('tests', 'authenticate_as', array['uuid', 'jsonb'], 'test helpers are installed');
select * from finish();
