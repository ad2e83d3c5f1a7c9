-- Supabase Auth hooks (Postgres functions), configured in config.toml:
--   [auth.hook.custom_access_token]           pg-functions://postgres/hooks/custom_access_token
--   [auth.hook.password_verification_attempt] pg-functions://postgres/hooks/password_verification_attempt
-- They live in `hooks`, a schema only supabase_auth_admin may use (not exposed through the Data API).

-- Sign-in throttling that cannot be turned against the account's owner (OWASP Authentication Cheat Sheet,
-- "Login Throttling" / "Account Lockout"; "Slow down online guessing attacks with device cookies").
--
-- * Failures are counted per (account, source). A source is the device (a valid device token, issued on
--   every successful password sign-in and stored hashed) or else the client IP from the trusted
--   X-Forwarded-For hop. lockout_source_max_failures failures of one source in lockout_window_minutes lock
--   that (account, source) pair for lockout_minutes: an attacker locks out only themselves.
-- * An attempt of the sign-in function counts as a failure from the moment it starts (a success uncounts
--   it), so parallel requests get no more guesses than the threshold; concurrent failures are serialised
--   per account and all counted.
-- * A distributed attack (many sources) is caught by lockout_account_max_failures failures across the
--   account's non-device sources: that locks password sign-in from every source that is not a known device
--   (source '*'). The owner still signs in from a device that signed in before, or with the emailed link.
-- * A lock never ends a session: the token hook no longer refuses a refresh because of a lock, and the
--   password hook answers should_logout_user = false. A lock refuses only NEW password sign-ins.
-- * The first lock of an episode emails the owner a single-use, expiring unlock link (token stored hashed),
--   through the outbox in the same transaction; the account-unlock function redeems it.
-- * The counters work on every plan: the sign-in function (every plan) asks begin_sign_in, calls Auth's
--   password grant and records the outcome. Before calling Auth it creates a one-time ticket that the
--   custom access token hook (every plan) requires and consumes for authentication_method = 'password', so
--   a correct password sent straight to Auth gets no session (sign_in_ticket_required = 0 turns that off).
--   Where the password verification hook exists (Team/Enterprise) it applies the same counters to direct
--   calls, keyed by Auth's metadata.ip_address, and does not count an attempt that holds a ticket (the
--   function counts it).
--
-- All thresholds are rows of private.settings read through private.setting_int(), which fails loudly
-- when one is missing: no fallback values scattered around.

-- ============================================================================================
-- tables (private: never exposed through the Data API)
-- ============================================================================================

-- Failed passwords are counted per (account, source).

create table private.sign_in_failures (
  id bigint generated always as identity primary key,
  account_key text not null,
  source text not null,
  attempted_at timestamptz not null default now()
);
comment on table private.sign_in_failures is 'Failed password attempts inside the lockout window, per account (user id, or a hash of an address without account) and source (device:<id> or ip:<address>).';
create index sign_in_failures_account_idx on private.sign_in_failures (account_key, attempted_at);

create table private.sign_in_locks (
  account_key text not null,
  source text not null,
  user_id uuid references auth.users (id) on delete cascade,
  locked_at timestamptz not null default now(),
  locked_until timestamptz not null,
  notified boolean not null default false,
  primary key (account_key, source)
);
comment on table private.sign_in_locks is 'Password sign-in locks: one (account, source) pair, or source * = every source that is not a known device. Never ends sessions.';
create index sign_in_locks_user_id_idx on private.sign_in_locks (user_id);

create table private.sign_in_devices (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  expires_at timestamptz not null
);
comment on table private.sign_in_devices is 'Device tokens (OWASP device cookies), stored as SHA-256: a device that signed in before has its own failure bucket.';
create index sign_in_devices_user_id_idx on private.sign_in_devices (user_id);

create table private.sign_in_tickets (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  source text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  password_checked_at timestamptz
);
comment on table private.sign_in_tickets is 'One-time tickets of the sign-in function: the token hook requires one for a password sign-in; the password hook does not count an attempt that claims one.';
create index sign_in_tickets_user_id_idx on private.sign_in_tickets (user_id, created_at);

create table private.unlock_tokens (
  token_hash bytea primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
comment on table private.unlock_tokens is 'Emailed unlock links (SHA-256 of the token): single use, expiring.';
create index unlock_tokens_user_id_idx on private.unlock_tokens (user_id);

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.token_hash(token text)
returns bytea
language sql
immutable
security invoker
set search_path = ''
as $$
  select extensions.digest(convert_to(token, 'UTF8'), 'sha256')
$$;
comment on function private.token_hash(text) is 'SHA-256 of a bearer token; only hashes are stored.';

create function private.new_token()
returns text
language sql
volatile
security invoker
set search_path = ''
as $$
  select translate(encode(extensions.gen_random_bytes(32), 'base64'), '+/=', '-_')
$$;
comment on function private.new_token() is 'A random 256-bit token, base64url without padding.';

-- The account a sign-in attempt is about: the user id when the address has an account, else a hash of the
-- address, so unknown addresses are throttled the same way (a 429 does not tell that an account exists).
create function private.sign_in_account(email text, out user_id uuid, out account_key text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  address text := lower(btrim(coalesce(email, '')));
begin
  select u.id into user_id
    from auth.users u
    where u.email = address and not u.is_sso_user and u.deleted_at is null;
  account_key := coalesce(user_id::text, 'email:' || encode(extensions.digest(address, 'sha256'), 'hex'));
end;
$$;
comment on function private.sign_in_account(text) is 'User id (or null) and counter key of the address a sign-in names.';

-- When password sign-in of this account from this source is locked (null: not locked). A device bucket is
-- locked only by its own failures; any other source also by the account-wide lock '*'.
create function private.sign_in_locked_until(account text, attempt_source text)
returns timestamptz
language sql
stable
security definer
set search_path = ''
as $$
  select max(l.locked_until)
  from private.sign_in_locks l
  where l.account_key = account and l.locked_until > now()
    and (l.source = attempt_source or (l.source = '*' and attempt_source not like 'device:%'))
$$;
comment on function private.sign_in_locked_until(text, text) is 'End of the lock that applies to this account and source, or null.';

-- Records one failed password and locks when a threshold is reached. Serialised per account (transaction
-- advisory lock) so concurrent failures are all counted. `attempt` is the row begin_sign_in already
-- inserted for an attempt of the sign-in function (it counted while in flight); when a lock or an unlock has
-- consumed it meanwhile, the failure is only logged. Without `attempt` (the password hook) it is inserted.
-- Returns the lock end when this attempt's source is now locked.
create function private.record_sign_in_failure(account text, target_user uuid, attempt_source text, via text,
  attempt bigint default null)
returns timestamptz
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  lock_end timestamptz := now() + make_interval(mins => private.setting_int('lockout_minutes'));
  source_failures integer;
  account_failures integer;
begin
  perform private.lock_sign_in_account(account);

  if target_user is not null then
    perform private.log_activity(target_user, 'auth.sign_in_failed', 'user', target_user::text,
      jsonb_build_object('source', split_part(attempt_source, ':', 1), 'via', via));
  end if;

  if attempt is null then
    insert into private.sign_in_failures (account_key, source) values (account, attempt_source);
  elsif not exists (select 1 from private.sign_in_failures f where f.id = attempt) then
    return private.sign_in_locked_until(account, attempt_source);
  end if;

  select count(*) filter (where f.source = attempt_source),
         count(*) filter (where f.source not like 'device:%')
    into source_failures, account_failures
    from private.sign_in_failures f
    where f.account_key = account;

  if source_failures >= private.setting_int('lockout_source_max_failures') then
    perform private.lock_sign_in(account, target_user, attempt_source, lock_end, source_failures);
    delete from private.sign_in_failures f where f.account_key = account and f.source = attempt_source;
  end if;
  if attempt_source not like 'device:%'
     and account_failures >= private.setting_int('lockout_account_max_failures') then
    perform private.lock_sign_in(account, target_user, '*', lock_end, account_failures);
    delete from private.sign_in_failures f where f.account_key = account and f.source not like 'device:%';
  end if;

  return private.sign_in_locked_until(account, attempt_source);
end;
$$;
comment on function private.record_sign_in_failure(text, uuid, text, text, bigint) is 'Counts a failed password for (account, source); locks the pair, or every unknown source, at the thresholds.';

-- Serialises the counters of one account (transaction advisory lock) and drops what has aged out.
create function private.lock_sign_in_account(account text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform pg_advisory_xact_lock(hashtextextended('sign_in:' || account, 0));
  delete from private.sign_in_failures f where f.account_key = account
    and f.attempted_at <= now() - make_interval(mins => private.setting_int('lockout_window_minutes'));
  delete from private.sign_in_locks l where l.account_key = account and l.locked_until <= now();
end;
$$;
comment on function private.lock_sign_in_account(text) is 'Takes the account''s counter lock for the transaction and drops aged-out failures and locks.';

-- Creates a lock, logs it, and emails the owner once per episode (no other notified lock still running)
-- with a fresh single-use unlock link. The link token travels in the outbox row's data until it is sent.
create function private.lock_sign_in(account text, target_user uuid, lock_source text, lock_end timestamptz,
  failures integer)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  already_notified boolean;
  address text;
  token text;
begin
  select exists (select 1 from private.sign_in_locks l
    where l.account_key = account and l.locked_until > now() and l.notified)
    into already_notified;

  insert into private.sign_in_locks (account_key, source, user_id, locked_until)
  values (account, lock_source, target_user, lock_end)
  on conflict (account_key, source) do update
    set locked_at = now(), locked_until = excluded.locked_until, notified = false;

  if target_user is null then
    return;
  end if;

  if lock_source = '*' then
    update public.profiles set locked_until = lock_end where id = target_user;
  end if;
  perform private.log_activity(target_user, 'account.locked', 'user', target_user::text,
    jsonb_build_object('scope', case when lock_source = '*' then 'unknown_sources' else 'source' end,
      'source', case when lock_source = '*' then '*' else split_part(lock_source, ':', 1) end,
      'failed_attempts', failures, 'locked_until', lock_end));

  if already_notified then
    return;
  end if;
  select u.email into address from auth.users u where u.id = target_user;
  if coalesce(address, '') = '' then
    return;
  end if;
  token := private.new_token();
  insert into private.unlock_tokens (token_hash, user_id, expires_at)
  values (private.token_hash(token), target_user,
    now() + make_interval(mins => private.setting_int('unlock_token_minutes')));
  perform private.enqueue_email('account_locked', address,
    jsonb_build_object('unlockToken', token, 'lockedUntil', lock_end,
      'allSources', lock_source = '*'),
    'account_locked:' || encode(private.token_hash(token), 'hex'), target_user);
  update private.sign_in_locks set notified = true where account_key = account and source = lock_source;
end;
$$;
comment on function private.lock_sign_in(text, uuid, text, timestamptz, integer) is 'Locks (account, source) until lock_end; logs account.locked; emails one unlock link per lock episode.';

-- A successful password sign-in: clears this source's failures, logs auth.sign_in. From the sign-in
-- function it also issues a device token when none valid was presented (returned once; stored hashed).
create function private.record_sign_in_success(target_user uuid, attempt_source text, via text, issue_device boolean)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  token text;
begin
  delete from private.sign_in_failures f where f.account_key = target_user::text and f.source = attempt_source;
  perform private.log_activity(target_user, 'auth.sign_in', 'user', target_user::text,
    jsonb_build_object('method', 'password', 'source', split_part(attempt_source, ':', 1), 'via', via));
  if issue_device then
    token := private.new_token();
    insert into private.sign_in_devices (user_id, token_hash, expires_at)
    values (target_user, private.token_hash(token),
      now() + make_interval(days => private.setting_int('device_token_days')));
  end if;
  return token;
end;
$$;
comment on function private.record_sign_in_success(uuid, text, text, boolean) is 'Clears the source''s failures, logs auth.sign_in, optionally issues a device token.';

-- ============================================================================================
-- the sign-in function's steps (called by the sign-in function, connected as postgres)
-- ============================================================================================

-- Step 1: which account and source, whether locked, and otherwise the attempt counted as a failure while
-- it is in flight (so parallel requests cannot get more guesses than the threshold: when failed and
-- in-flight attempts reach it, the next is refused until they resolve) and, when the account exists, a
-- one-time ticket for the token hook. A device token counts only for the account it was issued to.
create function private.begin_sign_in(email text, device_token text, client_ip text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  acct record;
  attempt_source text;
  device_id uuid;
  until timestamptz;
  source_failures integer;
  account_failures integer;
  attempt bigint;
  ticket uuid;
begin
  select * into acct from private.sign_in_account(email);
  if acct.user_id is not null and coalesce(device_token, '') <> '' then
    update private.sign_in_devices d set last_used_at = now()
      where d.token_hash = private.token_hash(device_token) and d.user_id = acct.user_id and d.expires_at > now()
      returning d.id into device_id;
  end if;
  attempt_source := case when device_id is not null then 'device:' || device_id::text
    else 'ip:' || coalesce(host(private.client_ip_from(client_ip, 1)), 'unknown') end;

  perform private.lock_sign_in_account(acct.account_key);
  until := private.sign_in_locked_until(acct.account_key, attempt_source);
  if until is null then
    select count(*) filter (where f.source = attempt_source),
           count(*) filter (where f.source not like 'device:%')
      into source_failures, account_failures
      from private.sign_in_failures f
      where f.account_key = acct.account_key;
    if source_failures >= private.setting_int('lockout_source_max_failures')
       or (attempt_source not like 'device:%'
           and account_failures >= private.setting_int('lockout_account_max_failures')) then
      -- Attempts in flight fill the quota: they resolve within a ticket's lifetime.
      until := now() + make_interval(secs => private.setting_int('sign_in_ticket_seconds'));
    end if;
  end if;

  if until is null then
    insert into private.sign_in_failures (account_key, source) values (acct.account_key, attempt_source)
      returning id into attempt;
    if acct.user_id is not null then
      insert into private.sign_in_tickets (user_id, source, expires_at)
      values (acct.user_id, attempt_source,
        now() + make_interval(secs => private.setting_int('sign_in_ticket_seconds')))
      returning id into ticket;
    end if;
  end if;
  return jsonb_build_object('account_key', acct.account_key, 'user_id', acct.user_id,
    'source', attempt_source, 'locked_until', until, 'attempt_id', attempt, 'ticket_id', ticket,
    'device', device_id is not null);
end;
$$;
comment on function private.begin_sign_in(text, text, text) is 'Sign-in function, step 1: account, source, lock state; counts the attempt in flight and makes a one-time ticket.';

-- Step 3: the outcome of Auth's password grant. Removes the ticket whatever happened (the token hook has
-- consumed it on success). A success uncounts the attempt and clears its source; a failure keeps it
-- counted and may lock. Returns {device_token} or {locked_until}.
create function private.finish_sign_in(account text, target_user uuid, attempt_source text, attempt bigint,
  ticket uuid, succeeded boolean, issue_device boolean)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if ticket is not null then
    delete from private.sign_in_tickets t where t.id = ticket;
  end if;
  if succeeded and target_user is not null then
    delete from private.sign_in_failures f where f.id = attempt;
    return jsonb_build_object('device_token',
      private.record_sign_in_success(target_user, attempt_source, 'sign_in_function', issue_device));
  end if;
  return jsonb_build_object('locked_until',
    private.record_sign_in_failure(account, target_user, attempt_source, 'sign_in_function', attempt));
end;
$$;
comment on function private.finish_sign_in(text, uuid, text, bigint, uuid, boolean, boolean) is 'Sign-in function, step 3: records success (device token) or failure (lock).';

-- Auth answered neither a session nor a wrong password (down, rate-limited, refused for another reason):
-- the attempt counts for nothing.
create function private.cancel_sign_in(attempt bigint, ticket uuid)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  delete from private.sign_in_tickets t where t.id = ticket;
  delete from private.sign_in_failures f where f.id = attempt;
$$;
comment on function private.cancel_sign_in(bigint, uuid) is 'Sign-in function: forgets an attempt Auth did not judge.';

-- The emailed link: valid once, before it expires. Clears every lock and failure of the account and logs
-- account.unlocked. Returns the user id, or null for an unknown, used or expired token.
create function private.redeem_unlock_token(token text)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid;
begin
  update private.unlock_tokens t set used_at = now()
    where t.token_hash = private.token_hash(token) and t.used_at is null and t.expires_at > now()
    returning t.user_id into uid;
  if uid is null then
    return null;
  end if;
  perform private.lock_sign_in_account(uid::text);
  delete from private.sign_in_locks l where l.account_key = uid::text;
  delete from private.sign_in_failures f where f.account_key = uid::text;
  update public.profiles set locked_until = null where id = uid and locked_until is not null;
  perform private.log_activity(uid, 'account.unlocked', 'user', uid::text, jsonb_build_object('via', 'email_link'));
  return uid;
end;
$$;
comment on function private.redeem_unlock_token(text) is 'Redeems an emailed unlock link once: clears the account''s locks and failures, logs account.unlocked.';

-- Daily clean-up of expired state.
create function private.trim_sign_in_state()
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  delete from private.sign_in_failures where attempted_at < now() - interval '1 day';
  delete from private.sign_in_locks where locked_until < now() - interval '1 day';
  delete from private.sign_in_tickets where expires_at < now();
  delete from private.unlock_tokens where expires_at < now() - interval '1 day';
  delete from private.sign_in_devices where expires_at < now();
  update public.profiles set locked_until = null where locked_until < now();
end;
$$;
comment on function private.trim_sign_in_state() is 'Deletes expired failures, locks, tickets, unlock tokens and devices (pg_cron, daily).';

select cron.schedule('sign-in-state-retention', '29 3 * * *', 'select private.trim_sign_in_state()');

-- ============================================================================================
-- hooks
-- ============================================================================================

-- True when a password sign-in may get a token: tickets are not required (setting), or the user has a
-- live ticket of the sign-in function, which is consumed (the oldest; one ticket, one token). In `hooks`
-- so supabase_auth_admin can call it; SECURITY DEFINER because it reads settings and deletes from private.
create function hooks.consume_sign_in_ticket(target_user uuid)
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  ticket uuid;
begin
  if private.setting_int('sign_in_ticket_required') = 0 then
    return true;
  end if;
  delete from private.sign_in_tickets t
    where t.id = (select c.id from private.sign_in_tickets c
      where c.user_id = target_user and c.expires_at > now()
      order by c.created_at limit 1 for update skip locked)
    returning t.id into ticket;
  return ticket is not null;
end;
$$;
comment on function hooks.consume_sign_in_ticket(uuid) is 'Token hook helper: true when tickets are off, or consumes a live sign-in ticket of the user.';

-- Adds user_role and tier to the access token; refuses a token to deleted, suspended and locked accounts.
-- Input {user_id, claims, authentication_method, metadata}; output {claims} or {error: {http_code, message}}.
-- SECURITY INVOKER as Supabase advises: it runs as supabase_auth_admin, which may read exactly the profile
-- columns it needs (grant + policy below).
create function hooks.custom_access_token(event jsonb)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  claims jsonb := event -> 'claims';
  uid uuid := (event ->> 'user_id')::uuid;
  account record;
begin
  if claims is null or jsonb_typeof(claims) <> 'object' then
    return jsonb_build_object('error', jsonb_build_object('http_code', 400, 'message', 'claims missing from hook payload'));
  end if;

  select p.role, p.tier, p.suspended_at, p.deleted_at
    into account
    from public.profiles p
    where p.id = uid;

  if found then
    if account.deleted_at is not null then
      return jsonb_build_object('error', jsonb_build_object('http_code', 403, 'message', 'This account has been deleted.'));
    elsif account.suspended_at is not null then
      return jsonb_build_object('error', jsonb_build_object('http_code', 403, 'message', 'This account is suspended.'));
    end if;
  end if;

  if event ->> 'authentication_method' = 'password' and not hooks.consume_sign_in_ticket(uid) then
    return jsonb_build_object('error', jsonb_build_object('http_code', 403,
      'message', 'Sign in with a password through the app.'));
  end if;

  claims := claims
    || jsonb_build_object(
      'user_role', coalesce(account.role::text, 'user'),
      'tier', coalesce(account.tier::text, 'free')
    );
  return jsonb_build_object('claims', claims);
end;
$$;
comment on function hooks.custom_access_token(jsonb) is 'Auth hook: adds user_role and tier claims; refuses deleted and suspended accounts and password sign-ins without a sign-in ticket. Never refuses a refresh because of a lock.';

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
  ip text := nullif(event #>> '{metadata,ip_address}', '');
  attempt_source text;
  ticket uuid;
  until timestamptz;
  message text := 'Too many failed sign-in attempts from here. Use a device you signed in with before, the link we emailed you, or try again after %s UTC.';
begin
  update private.sign_in_tickets t set password_checked_at = now()
    where t.id = (select c.id from private.sign_in_tickets c
      where c.user_id = uid and c.expires_at > now() and c.password_checked_at is null
      order by c.created_at limit 1 for update skip locked)
    returning t.id into ticket;
  if ticket is not null then
    return jsonb_build_object('decision', 'continue', 'message', '', 'should_logout_user', false);
  end if;

  attempt_source := 'ip:' || coalesce(host(private.client_ip_from(ip, 1)), 'unknown');
  until := private.sign_in_locked_until(uid::text, attempt_source);
  if until is not null then
    return jsonb_build_object('decision', 'reject',
      'message', format(message, to_char(until at time zone 'UTC', 'YYYY-MM-DD HH24:MI')),
      'should_logout_user', false);
  end if;

  if valid then
    -- With tickets required the token hook refuses this sign-in (and logs it); otherwise it is a sign-in.
    if private.setting_int('sign_in_ticket_required') = 0 then
      perform private.record_sign_in_success(uid, attempt_source, 'auth', false);
    end if;
    return jsonb_build_object('decision', 'continue', 'message', '', 'should_logout_user', false);
  end if;

  until := private.record_sign_in_failure(uid::text, uid, attempt_source, 'auth');
  if until is not null then
    return jsonb_build_object('decision', 'reject',
      'message', format(message, to_char(until at time zone 'UTC', 'YYYY-MM-DD HH24:MI')),
      'should_logout_user', false);
  end if;
  return jsonb_build_object('decision', 'continue', 'message', '', 'should_logout_user', false);
end;
$$;
comment on function hooks.password_verification_attempt(jsonb) is 'Auth hook (Team/Enterprise): the sign-in counters for direct password attempts per (account, IP); skips attempts with a sign-in ticket; never logs out.';

-- ============================================================================================
-- grants
-- ============================================================================================

revoke execute on function private.token_hash(text), private.new_token(),
  private.sign_in_account(text), private.sign_in_locked_until(text, text),
  private.record_sign_in_failure(text, uuid, text, text, bigint), private.lock_sign_in_account(text),
  private.lock_sign_in(text, uuid, text, timestamptz, integer),
  private.record_sign_in_success(uuid, text, text, boolean), private.begin_sign_in(text, text, text),
  private.finish_sign_in(text, uuid, text, bigint, uuid, boolean, boolean),
  private.cancel_sign_in(bigint, uuid), private.redeem_unlock_token(text),
  private.trim_sign_in_state(), hooks.consume_sign_in_ticket(uuid)
  from public, anon, authenticated, service_role;
revoke execute on function hooks.custom_access_token(jsonb), hooks.password_verification_attempt(jsonb)
  from public, anon, authenticated, service_role;
grant execute on function hooks.custom_access_token(jsonb), hooks.password_verification_attempt(jsonb),
  hooks.consume_sign_in_ticket(uuid) to supabase_auth_admin;

-- The unlock link of an "account locked" email (this migration) stayed in the outbox
-- row's data after the email was sent, for the 30 days sent rows are kept: anyone reading the outbox with
-- the service role (support tooling, a backup, a log of the table) could unlock the account while the link
-- was valid. Auth's tokens are cleared by complete_emails and the cancel link of a deletion by a trigger
-- (20261129002100_account_deletion_cancel.sql); the unlock token now leaves the same way, once the email is sent or dead.
-- Auth emails that end dead (never sent) also kept their tokens (complete_emails clears them only on
-- success): their data is now cleared when they go dead too, as it is when they are sent.
create function private.email_outbox_drop_unlock_token()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if new.template in ('confirm_signup', 'invite', 'magic_link', 'password_reset', 'email_change',
      'reauthentication') then
    new.data := '{}'::jsonb;
  else
    new.data := new.data - 'unlockToken';
  end if;
  return new;
end;
$$;
comment on function private.email_outbox_drop_unlock_token() is 'Trigger: a sent or dead outbox row forgets the unlock token it carried; a dead Auth email forgets its data (tokens), as a sent one does.';
revoke all on function private.email_outbox_drop_unlock_token() from public;

create trigger email_outbox_drop_unlock_token before update of status on public.email_outbox
  for each row when ((new.status in ('sent', 'dead') and new.data ? 'unlockToken')
    or (new.status = 'dead' and new.data <> '{}'::jsonb and new.template in ('confirm_signup', 'invite',
      'magic_link', 'password_reset', 'email_change', 'reauthentication')))
  execute function private.email_outbox_drop_unlock_token();
