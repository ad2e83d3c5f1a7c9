-- Auth hooks, called with the payloads Supabase Auth sends (reference §4.2, §4.4); outputs must be what
-- GoTrue accepts. The hooks run as supabase_auth_admin in production (tests/integration/auth-hooks.test.ts
-- calls them that way); here they run as their owner to check the logic.
begin;
select plan(38);

select tests.create_user('hook-user@example.test', '{"display_name": "Hook User"}') as u \gset
select tests.create_user('hook-admin@example.test') as adm \gset
update public.profiles set role = 'admin', tier = 'pro' where id = :'adm';

create temporary table payload on commit drop as
select jsonb_build_object(
  'metadata', jsonb_build_object('uuid', gen_random_uuid(), 'time', now(), 'name', 'custom_access_token', 'ip_address', '127.0.0.1'),
  'user_id', :'u'::uuid,
  'authentication_method', 'token_refresh',
  'claims', jsonb_build_object(
    'iss', 'http://127.0.0.1:54321/auth/v1', 'aud', 'authenticated', 'exp', 1900000000, 'iat', 1899996400,
    'sub', :'u'::uuid, 'email', 'hook-user@example.test', 'phone', '', 'role', 'authenticated', 'aal', 'aal1',
    'amr', jsonb_build_array(jsonb_build_object('method', 'password', 'timestamp', 1899996400)),
    'session_id', gen_random_uuid(), 'is_anonymous', false,
    'app_metadata', jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email')),
    'user_metadata', jsonb_build_object('display_name', 'Hook User'))
) as event;

-- custom_access_token ---------------------------------------------------------------------------------
select ok(hooks.custom_access_token(event) ? 'claims' and not (hooks.custom_access_token(event) ? 'error'),
  'a normal user gets claims back') from payload;
select is(hooks.custom_access_token(event) #>> '{claims,user_role}', 'user', 'user_role claim is user') from payload;
select is(hooks.custom_access_token(event) #>> '{claims,tier}', 'free', 'tier claim is free') from payload;
select ok((select bool_and(hooks.custom_access_token(event) -> 'claims' ? k)
  from unnest(array['aud', 'exp', 'iat', 'sub', 'email', 'phone', 'role', 'aal', 'session_id', 'is_anonymous', 'iss']) k),
  'every claim GoTrue requires is still there') from payload;
select is((hooks.custom_access_token(event) -> 'claims') - 'user_role' - 'tier', event -> 'claims',
  'the original claims are passed through unchanged') from payload;
select is(hooks.custom_access_token(jsonb_set(event, '{user_id}', to_jsonb(:'adm'::uuid))) #>> '{claims,user_role}', 'admin',
  'an admin gets user_role admin') from payload;
select is(hooks.custom_access_token(jsonb_set(event, '{user_id}', to_jsonb(:'adm'::uuid))) #>> '{claims,tier}', 'pro',
  'a pro user gets tier pro') from payload;
select is(hooks.custom_access_token(jsonb_set(event, '{claims,user_metadata}', '{"role": "admin", "user_role": "admin"}')) #>> '{claims,user_role}',
  'user', 'user_metadata claiming admin changes nothing') from payload;
select is(hooks.custom_access_token(event - 'claims') #>> '{error,http_code}', '400', 'a payload without claims is an error') from payload;

-- A lock never refuses a token: existing sessions survive failures someone else caused.
insert into private.sign_in_locks (account_key, source, user_id, locked_until)
values (:'u', '*', :'u', now() + interval '30 minutes');
update public.profiles set locked_until = now() + interval '30 minutes' where id = :'u';
select ok(hooks.custom_access_token(event) ? 'claims', 'a locked account still refreshes its session (token_refresh)') from payload;
delete from private.sign_in_locks where account_key = :'u';
update public.profiles set locked_until = null where id = :'u';

-- A password sign-in needs the sign-in function's one-time ticket.
create temporary table pw on commit drop as
select jsonb_set(event, '{authentication_method}', '"password"') as event from payload;
select is(hooks.custom_access_token(event) -> 'error',
  '{"http_code": 403, "message": "Sign in with a password through the app."}'::jsonb,
  'a password grant without a ticket (straight to Auth) gets no token') from pw;
insert into private.sign_in_tickets (user_id, source, expires_at) values (:'u', 'ip:203.0.113.7', now() + interval '1 minute');
select ok(hooks.custom_access_token(event) ? 'claims', 'with a live ticket it gets claims') from pw;
select is((select count(*)::int from private.sign_in_tickets where user_id = :'u'), 0, 'and the ticket is consumed');
select is(hooks.custom_access_token(event) #>> '{error,http_code}', '403', 'a ticket works once') from pw;
insert into private.sign_in_tickets (user_id, source, expires_at) values (:'u', 'ip:203.0.113.7', now() - interval '1 second');
select is(hooks.custom_access_token(event) #>> '{error,http_code}', '403', 'an expired ticket does not count') from pw;
update private.settings set value = '0' where key = 'sign_in_ticket_required';
select ok(hooks.custom_access_token(event) ? 'claims', 'with sign_in_ticket_required = 0 no ticket is needed') from pw;
update private.settings set value = '1' where key = 'sign_in_ticket_required';

update public.profiles set suspended_at = now() where id = :'u';
select is(hooks.custom_access_token(event) -> 'error', '{"http_code": 403, "message": "This account is suspended."}'::jsonb,
  'a suspended account gets no token') from payload;
update public.profiles set suspended_at = null, deleted_at = now() where id = :'u';
select is(hooks.custom_access_token(event) -> 'error', '{"http_code": 403, "message": "This account has been deleted."}'::jsonb,
  'a deleted account gets no token') from payload;
update public.profiles set deleted_at = null where id = :'u';

-- password_verification_attempt (Team/Enterprise) ------------------------------------------------------
create temporary table attempt on commit drop as
select jsonb_build_object(
  'metadata', jsonb_build_object('uuid', gen_random_uuid(), 'time', now(), 'name', 'password_verification_attempt', 'ip_address', '203.0.113.7'),
  'user_id', :'u'::uuid, 'valid', false) as bad,
  jsonb_build_object(
  'metadata', jsonb_build_object('uuid', gen_random_uuid(), 'time', now(), 'name', 'password_verification_attempt', 'ip_address', '198.51.100.9'),
  'user_id', :'u'::uuid, 'valid', false) as bad_elsewhere,
  jsonb_build_object(
  'metadata', jsonb_build_object('uuid', gen_random_uuid(), 'time', now(), 'name', 'password_verification_attempt', 'ip_address', '203.0.113.7'),
  'user_id', :'u'::uuid, 'valid', true) as good,
  jsonb_build_object(
  'metadata', jsonb_build_object('uuid', gen_random_uuid(), 'time', now(), 'name', 'password_verification_attempt', 'ip_address', '198.51.100.9'),
  'user_id', :'u'::uuid, 'valid', true) as good_elsewhere;

select is(hooks.password_verification_attempt(bad), '{"decision": "continue", "message": "", "should_logout_user": false}'::jsonb,
  '1st failure: continue (GoTrue answers invalid credentials itself)') from attempt;
select is(hooks.password_verification_attempt(bad) ->> 'decision', 'continue', 'failure 2') from attempt;
select is(hooks.password_verification_attempt(bad) ->> 'decision', 'continue', 'failure 3') from attempt;
select is(hooks.password_verification_attempt(bad) ->> 'decision', 'continue', 'failure 4') from attempt;
select is(hooks.password_verification_attempt(bad) ->> 'decision', 'reject', 'the 5th failure from one IP in 15 minutes locks that IP') from attempt;
select is(hooks.password_verification_attempt(bad) -> 'should_logout_user', 'false'::jsonb,
  'and never logs the owner out') from attempt;
select is(hooks.password_verification_attempt(good) ->> 'decision', 'reject', 'from the locked IP even the right password is rejected') from attempt;
select is(hooks.password_verification_attempt(good_elsewhere) ->> 'decision', 'continue',
  'the owner elsewhere is not locked out') from attempt;
select is(hooks.password_verification_attempt(bad_elsewhere) ->> 'decision', 'continue',
  'and a failure elsewhere has its own count') from attempt;
select is((select count(*)::int from public.activity_log where user_id = :'u' and action = 'account.locked'), 1, 'the lock is in the activity log');
select is((select count(*)::int from public.email_outbox where user_id = :'u' and template = 'account_locked'), 1, 'the owner is emailed once');

-- An attempt of the sign-in function (it holds a ticket) is counted there, not here.
insert into private.sign_in_tickets (user_id, source, expires_at) values (:'u', 'ip:192.0.2.1', now() + interval '1 minute');
select is(hooks.password_verification_attempt(bad_elsewhere) ->> 'decision', 'continue', 'a ticketed failure continues') from attempt;
select is((select count(*)::int from private.sign_in_failures where account_key = :'u' and source = 'ip:198.51.100.9'), 1,
  'without being counted twice');
select isnt((select password_checked_at from private.sign_in_tickets where user_id = :'u' and expires_at > now()), null, 'the ticket covered that one attempt');
select is(hooks.password_verification_attempt(bad_elsewhere) ->> 'decision', 'continue', 'the next direct failure') from attempt;
select is((select count(*)::int from private.sign_in_failures where account_key = :'u' and source = 'ip:198.51.100.9'), 2,
  'is counted again');

-- an expired lock no longer applies
update private.sign_in_locks set locked_until = now() - interval '1 second' where account_key = :'u';
select is(hooks.password_verification_attempt(good) ->> 'decision', 'continue', 'after the lock expires the right password works') from attempt;

-- Who may call the hooks ----------------------------------------------------------------------------------
select ok(has_function_privilege('supabase_auth_admin', 'hooks.custom_access_token(jsonb)', 'execute')
  and has_function_privilege('supabase_auth_admin', 'hooks.password_verification_attempt(jsonb)', 'execute'),
  'supabase_auth_admin may run both hooks');
select ok(not has_function_privilege('authenticated', 'hooks.password_verification_attempt(jsonb)', 'execute')
  and not has_function_privilege('anon', 'hooks.custom_access_token(jsonb)', 'execute')
  and not has_function_privilege('service_role', 'hooks.custom_access_token(jsonb)', 'execute'),
  'no API role may run them');
select tests.authenticate_as(:'u');
select throws_ok($$select hooks.custom_access_token('{}'::jsonb)$$, '42501', 'permission denied for schema hooks',
  'a user calling the hook directly is refused');

select * from finish();
rollback;
