-- Supabase Auth hooks (Postgres functions), configured in config.toml:
--   [auth.hook.custom_access_token]           pg-functions://postgres/hooks/custom_access_token
--   [auth.hook.password_verification_attempt] pg-functions://postgres/hooks/password_verification_attempt
-- They live in `hooks`, a schema only supabase_auth_admin may use (not exposed through the Data API).
-- Account lockout: 5 failed passwords in 15 minutes lock the account for 30 minutes. The password hook
-- does it where the plan offers that hook; the token hook refuses locked, suspended and deleted accounts,
-- so the lock holds on every plan.

create schema if not exists hooks;
comment on schema hooks is 'Supabase Auth hooks; usable only by supabase_auth_admin.';
revoke all on schema hooks from public;
grant usage on schema hooks to supabase_auth_admin;

-- ============================================================================================
-- tables
-- ============================================================================================

create table private.failed_sign_ins (
  id bigint generated always as identity primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  attempted_at timestamptz not null default now()
);
comment on table private.failed_sign_ins is 'Failed password attempts inside the lockout window (cleared on success and on lock).';
create index failed_sign_ins_user_id_attempted_at_idx on private.failed_sign_ins (user_id, attempted_at);

-- ============================================================================================
-- hooks
-- ============================================================================================

-- Adds user_role and tier to the access token; refuses a token to deleted, suspended and locked accounts.
-- Input {user_id, claims, authentication_method, metadata}; output {claims} or {error: {http_code, message}}.
-- SECURITY INVOKER as Supabase advises: it runs as supabase_auth_admin, which may read exactly the profile
-- columns it needs (grant + policy below).
create function hooks.custom_access_token(event jsonb)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  claims jsonb := event -> 'claims';
  account record;
begin
  if claims is null or jsonb_typeof(claims) <> 'object' then
    return jsonb_build_object('error', jsonb_build_object('http_code', 400, 'message', 'claims missing from hook payload'));
  end if;

  select p.role, p.tier, p.suspended_at, p.locked_until, p.deleted_at
    into account
    from public.profiles p
    where p.id = (event ->> 'user_id')::uuid;

  if found then
    if account.deleted_at is not null then
      return jsonb_build_object('error', jsonb_build_object('http_code', 403, 'message', 'This account has been deleted.'));
    elsif account.suspended_at is not null then
      return jsonb_build_object('error', jsonb_build_object('http_code', 403, 'message', 'This account is suspended.'));
    elsif account.locked_until > now() then
      return jsonb_build_object('error', jsonb_build_object('http_code', 403, 'message',
        format('Too many failed sign-in attempts. Try again after %s UTC.',
          to_char(account.locked_until at time zone 'UTC', 'YYYY-MM-DD HH24:MI'))));
    end if;
  end if;

  claims := claims
    || jsonb_build_object(
      'user_role', coalesce(account.role::text, 'user'),
      'tier', coalesce(account.tier::text, 'free')
    );
  return jsonb_build_object('claims', claims);
end;
$$;
comment on function hooks.custom_access_token(jsonb) is 'Auth hook: adds user_role and tier claims; refuses deleted, suspended and locked accounts.';

-- Counts failures and locks. Input {user_id, valid, metadata}; output {decision, message, should_logout_user}.
-- SECURITY DEFINER (owner postgres): it must write lock state (private.failed_sign_ins, profiles.locked_until)
-- that supabase_auth_admin has no other business writing. Executable only by supabase_auth_admin.
create function hooks.password_verification_attempt(event jsonb)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := (event ->> 'user_id')::uuid;
  valid boolean := coalesce((event ->> 'valid')::boolean, false);
  locked timestamptz;
  failures integer;
begin
  -- Serialise attempts for one user so concurrent failures are all counted.
  select p.locked_until into locked from public.profiles p where p.id = uid for update;

  if locked > now() then
    return jsonb_build_object(
      'decision', 'reject',
      'message', format('Too many failed sign-in attempts. Try again after %s UTC.',
        to_char(locked at time zone 'UTC', 'YYYY-MM-DD HH24:MI')),
      'should_logout_user', false);
  end if;

  if valid then
    delete from private.failed_sign_ins where user_id = uid;
    if locked is not null then
      update public.profiles set locked_until = null where id = uid;
    end if;
    return jsonb_build_object('decision', 'continue', 'message', '', 'should_logout_user', false);
  end if;

  insert into private.failed_sign_ins (user_id) values (uid);
  select count(*) into failures
    from private.failed_sign_ins
    where user_id = uid and attempted_at > now() - interval '15 minutes';

  if failures >= 5 then
    update public.profiles set locked_until = now() + interval '30 minutes' where id = uid;
    delete from private.failed_sign_ins where user_id = uid;
    perform private.log_activity(uid, 'account.locked', 'user', uid::text,
      jsonb_build_object('failed_attempts', failures, 'minutes', 30));
    return jsonb_build_object(
      'decision', 'reject',
      'message', 'Too many failed sign-in attempts: the account is locked for 30 minutes.',
      'should_logout_user', true);
  end if;

  return jsonb_build_object('decision', 'continue', 'message', '', 'should_logout_user', false);
end;
$$;
comment on function hooks.password_verification_attempt(jsonb) is 'Auth hook: 5 failed passwords in 15 minutes lock the account for 30 minutes; a success resets the count.';

-- ============================================================================================
-- grants and RLS
-- ============================================================================================

revoke execute on function hooks.custom_access_token(jsonb) from public, anon, authenticated, service_role;
revoke execute on function hooks.password_verification_attempt(jsonb) from public, anon, authenticated, service_role;
grant execute on function hooks.custom_access_token(jsonb) to supabase_auth_admin;
grant execute on function hooks.password_verification_attempt(jsonb) to supabase_auth_admin;

grant usage on schema public to supabase_auth_admin;
grant select (id, role, tier, suspended_at, locked_until, deleted_at) on table public.profiles to supabase_auth_admin;

create policy "Auth reads account state for token claims"
  on public.profiles for select
  to supabase_auth_admin
  using (true);
