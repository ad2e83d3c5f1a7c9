-- Sign-in lockout (migration 20261129001700_auth_hooks_sign_in_lockout.sql): counters per (account, source), device
-- buckets, the account-wide lock for unknown sources, one email per lock episode, the unlock link, thresholds
-- from private.settings. The sign-in function's steps are called as it calls them (connected as postgres).
begin;
select plan(46);

select tests.create_user('owner@example.test') as u \gset
select tests.create_user('other@example.test') as o \gset

-- One attempt through the sign-in function: begin, then (unless locked) finish with Auth's outcome.
create function pg_temp.attempt(email text, ip text, succeeded boolean, device text default null)
returns jsonb language plpgsql as $$
declare
  a jsonb := private.begin_sign_in(email, device, ip);
begin
  if a ->> 'locked_until' is not null then
    return a;
  end if;
  return a || private.finish_sign_in(a ->> 'account_key', (a ->> 'user_id')::uuid, a ->> 'source',
    (a ->> 'attempt_id')::bigint, (a ->> 'ticket_id')::uuid, succeeded, not (a ->> 'device')::boolean);
end;
$$;

-- begin_sign_in without an outcome: what the next attempt would meet (then forgotten, as when Auth is down).
create function pg_temp.peek(email text, device text, ip text)
returns jsonb language plpgsql as $$
declare
  a jsonb := private.begin_sign_in(email, device, ip);
begin
  perform private.cancel_sign_in((a ->> 'attempt_id')::bigint, (a ->> 'ticket_id')::uuid);
  return a;
end;
$$;

-- The owner signs in once from home: a device token comes back.
select pg_temp.attempt('owner@example.test', '198.51.100.20', true) ->> 'device_token' as device \gset
select ok(length(:'device') >= 40, 'a successful sign-in returns a device token');
select is((select count(*)::int from private.sign_in_devices where user_id = :'u' and token_hash = private.token_hash(:'device')), 1,
  'stored only as its hash');
select is((select count(*)::int from private.sign_in_devices where token_hash = convert_to(:'device', 'UTF8')), 0, 'never in clear');
select is((select count(*)::int from public.activity_log where user_id = :'u' and action = 'auth.sign_in'), 1, 'the sign-in is logged');
select is((select count(*)::int from private.sign_in_tickets where user_id = :'u'), 0, 'the ticket is gone after the attempt');
select is(pg_temp.peek('OWNER@example.test ', :'device', '198.51.100.20') ->> 'device', 'true',
  'the device token puts the attempt in the device''s bucket (address case and spaces do not matter)');
select is(pg_temp.peek('other@example.test', :'device', '198.51.100.20') ->> 'source', 'ip:198.51.100.20',
  'a device token counts only for the account it was issued to');
delete from private.sign_in_tickets;

-- An attacker at 203.0.113.7 tries five passwords.
select is(pg_temp.attempt('owner@example.test', '203.0.113.7', false) ->> 'locked_until', null, 'failure 1: not locked')
  from generate_series(1, 1);
select pg_temp.attempt('owner@example.test', '203.0.113.7', false) from generate_series(2, 4);
select isnt(pg_temp.attempt('owner@example.test', '203.0.113.7', false) ->> 'locked_until', null, 'failure 5 locks that source');
select ok((select locked_until between now() + interval '29 minutes' and now() + interval '31 minutes'
  from private.sign_in_locks where account_key = :'u' and source = 'ip:203.0.113.7'), 'for 30 minutes');
select isnt(pg_temp.peek('owner@example.test', null, '203.0.113.7') ->> 'locked_until', null,
  'the attacker''s next attempt is refused before Auth is asked');
select is(pg_temp.peek('owner@example.test', null, '203.0.113.7') ->> 'ticket_id', null, 'and gets no ticket');
select is(pg_temp.peek('owner@example.test', :'device', '203.0.113.7') ->> 'locked_until', null,
  'the owner''s device is not locked out, even from the attacker''s network');
select is(pg_temp.peek('owner@example.test', null, '192.0.2.44') ->> 'locked_until', null,
  'nor is any other source');
delete from private.sign_in_tickets;
select is((select count(*)::int from public.activity_log where user_id = :'u' and action = 'auth.sign_in_failed'), 5,
  'each failure is logged');
select ok((select bool_and(not (details ? 'password') and details ? 'source') from public.activity_log
  where user_id = :'u' and action like 'auth.%'), 'with the kind of source and never a password');
select is((select count(*)::int from public.activity_log where user_id = :'u' and action = 'account.locked'), 1, 'the lock is logged');
select is((select count(*)::int from public.email_outbox where user_id = :'u' and template = 'account_locked'), 1, 'the owner is emailed');
select ok((select data ->> 'unlockToken' from public.email_outbox where user_id = :'u' and template = 'account_locked') ~ '^[A-Za-z0-9_-]{43}$',
  'with an unlock token');
select is((select count(*)::int from private.unlock_tokens where user_id = :'u' and used_at is null), 1, 'stored hashed');

-- A second attacker source locks too, but the owner gets no second email for the same episode.
select pg_temp.attempt('owner@example.test', '203.0.113.8', false) from generate_series(1, 5);
select is((select count(*)::int from private.sign_in_locks where account_key = :'u'), 2, 'a second source is locked');
select is((select count(*)::int from public.email_outbox where user_id = :'u' and template = 'account_locked'), 1,
  'one email per lock episode');

-- The owner's right password from elsewhere clears only that source's failures.
select pg_temp.attempt('owner@example.test', '192.0.2.44', false);
select pg_temp.attempt('owner@example.test', '192.0.2.44', true);
select is((select count(*)::int from private.sign_in_failures where account_key = :'u' and source = 'ip:192.0.2.44'), 0,
  'a success clears its source''s count');

-- The unlock link: once, before it expires.
select data ->> 'unlockToken' as unlock from public.email_outbox where user_id = :'u' and template = 'account_locked' \gset
select is(private.redeem_unlock_token(:'unlock'), :'u'::uuid, 'the emailed token unlocks');
select is((select count(*)::int from private.sign_in_locks where account_key = :'u'), 0, 'every lock of the account is gone');
select is(pg_temp.peek('owner@example.test', null, '203.0.113.7') ->> 'locked_until', null, 'the locked source may try again');
delete from private.sign_in_tickets;
select is((select count(*)::int from public.activity_log where user_id = :'u' and action = 'account.unlocked'), 1, 'the unlock is logged');
select is(private.redeem_unlock_token(:'unlock'), null, 'the token works once');
select is(private.redeem_unlock_token('not-a-token-that-we-issued-at-all'), null, 'an unknown token unlocks nothing');
insert into private.unlock_tokens (token_hash, user_id, expires_at) values (private.token_hash('expired-token-xxxxxxxxxxxxxxxx'), :'u', now() - interval '1 second');
select is(private.redeem_unlock_token('expired-token-xxxxxxxxxxxxxxxx'), null, 'an expired token unlocks nothing');

-- A distributed attack: many sources, few failures each, hit the account-wide threshold (lowered here).
update private.settings set value = '6' where key = 'lockout_account_max_failures';
select pg_temp.attempt('owner@example.test', '203.0.113.' || i, false) from generate_series(100, 105) i;
select isnt(pg_temp.peek('owner@example.test', null, '192.0.2.200') ->> 'locked_until', null,
  'past the account-wide threshold every unknown source is locked');
select is(pg_temp.peek('owner@example.test', :'device', '192.0.2.200') ->> 'locked_until', null,
  'but the owner''s device still signs in');
select ok((select locked_until > now() from public.profiles where id = :'u'), 'admins see the account-wide lock on the profile');
select is((select count(*)::int from public.email_outbox where user_id = :'u' and template = 'account_locked'), 2,
  'a new episode (after the unlock) emails again');
delete from private.sign_in_tickets;
update private.settings set value = '20' where key = 'lockout_account_max_failures';

-- Thresholds come from private.settings.
update private.settings set value = '2' where key = 'lockout_source_max_failures';
select pg_temp.attempt('other@example.test', '198.51.100.77', false);
select isnt(pg_temp.attempt('other@example.test', '198.51.100.77', false) ->> 'locked_until', null,
  'lockout_source_max_failures = 2 locks on the 2nd failure');
update private.settings set value = '5' where key = 'lockout_source_max_failures';

-- Failures older than the window do not count.
insert into private.sign_in_failures (account_key, source, attempted_at)
select :'o', 'ip:198.51.100.78', now() - interval '20 minutes' from generate_series(1, 4);
select is(pg_temp.attempt('other@example.test', '198.51.100.78', false) ->> 'locked_until', null,
  'four failures 20 minutes ago + one now: no lock');

-- An address without an account is throttled the same way (a 429 does not reveal whether it exists).
select pg_temp.attempt('nobody@example.test', '203.0.113.9', false) from generate_series(1, 5);
select isnt(pg_temp.peek('nobody@example.test', null, '203.0.113.9') ->> 'locked_until', null,
  'an unknown address locks like a real one');
select is(pg_temp.peek('nobody@example.test', null, '203.0.113.9') ->> 'user_id', null, 'without naming an account');

-- A device has its own bucket: five failures with a (stolen) device token lock that device only.
delete from private.sign_in_locks where account_key = :'u';
select pg_temp.attempt('owner@example.test', '198.51.100.20', false, :'device') from generate_series(1, 5);
select isnt(pg_temp.peek('owner@example.test', :'device', '198.51.100.20') ->> 'locked_until', null,
  'five failures with a device token lock that device');
select is(pg_temp.peek('owner@example.test', null, '198.51.100.21') ->> 'locked_until', null,
  'and nothing else (device failures do not feed the account-wide count)');

-- With tickets off (Team/Enterprise direct sign-in allowed), the password hook records the sign-in.
update private.settings set value = '0' where key = 'sign_in_ticket_required';
select is(hooks.password_verification_attempt(jsonb_build_object('user_id', :'o'::uuid, 'valid', true,
  'metadata', jsonb_build_object('ip_address', '198.51.100.99'))) ->> 'decision', 'continue', 'a direct right password continues');
select is((select details ->> 'via' from public.activity_log where user_id = :'o' and action = 'auth.sign_in'), 'auth',
  'and is logged as a sign-in through Auth');
update private.settings set value = '1' where key = 'sign_in_ticket_required';

-- Attempts in flight count: parallel requests get no more guesses than the threshold.
select private.begin_sign_in('other@example.test', null, '198.51.100.90') from generate_series(1, 5);
select ok((pg_temp.peek('other@example.test', null, '198.51.100.90') ->> 'locked_until')::timestamptz
  between now() + interval '59 seconds' and now() + interval '61 seconds',
  'five attempts in flight: the sixth waits until they resolve');
select is((select count(*)::int from private.sign_in_locks where account_key = :'o' and source = 'ip:198.51.100.90'), 0,
  'without a lock (none of them has failed yet)');

-- A missing setting fails loudly instead of falling back to a hidden default.
delete from private.settings where key = 'lockout_minutes';
select throws_ok($$select private.setting_int('lockout_minutes')$$, 'P0002', null, 'a missing threshold is an error');

-- Nobody but postgres (the functions) may run the steps.
select ok(not has_function_privilege('anon', 'private.begin_sign_in(text,text,text)', 'execute')
  and not has_function_privilege('authenticated', 'private.redeem_unlock_token(text)', 'execute')
  and not has_function_privilege('service_role', 'private.finish_sign_in(text,uuid,text,bigint,uuid,boolean,boolean)', 'execute'),
  'the API roles cannot run the sign-in steps');

select * from finish();
rollback;
