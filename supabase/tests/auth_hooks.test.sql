-- Auth hooks, called with the payloads Supabase Auth sends (reference §4.2, §4.4); outputs must be what
-- GoTrue accepts. The hooks run as supabase_auth_admin in production (tests/integration/auth-hooks.test.ts
-- calls them that way); here they run as their owner to check the logic.
begin;
select plan(35);

select tests.create_user('hook-user@example.test', '{"display_name": "Hook User"}') as u \gset
select tests.create_user('hook-admin@example.test') as adm \gset
update public.profiles set role = 'admin', tier = 'pro' where id = :'adm';

create temporary table payload on commit drop as
select jsonb_build_object(
  'metadata', jsonb_build_object('uuid', gen_random_uuid(), 'time', now(), 'name', 'custom_access_token', 'ip_address', '127.0.0.1'),
  'user_id', :'u'::uuid,
  'authentication_method', 'password',
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

update public.profiles set locked_until = now() + interval '10 minutes' where id = :'u';
select is(hooks.custom_access_token(event) #>> '{error,http_code}', '403', 'a locked account gets no token') from payload;
select matches(hooks.custom_access_token(event) #>> '{error,message}', '^Too many failed sign-in attempts', 'with a clear message') from payload;
select ok(not (hooks.custom_access_token(event) ? 'claims'), 'and no claims') from payload;
update public.profiles set locked_until = now() - interval '1 minute' where id = :'u';
select ok(hooks.custom_access_token(event) ? 'claims', 'an expired lock no longer blocks') from payload;

update public.profiles set suspended_at = now() where id = :'u';
select is(hooks.custom_access_token(event) -> 'error', '{"http_code": 403, "message": "This account is suspended."}'::jsonb,
  'a suspended account gets no token') from payload;
update public.profiles set suspended_at = null, deleted_at = now() where id = :'u';
select is(hooks.custom_access_token(event) -> 'error', '{"http_code": 403, "message": "This account has been deleted."}'::jsonb,
  'a deleted account gets no token') from payload;
update public.profiles set deleted_at = null where id = :'u';

-- password_verification_attempt ------------------------------------------------------------------------
create temporary table attempt on commit drop as
select jsonb_build_object(
  'metadata', jsonb_build_object('uuid', gen_random_uuid(), 'time', now(), 'name', 'password_verification_attempt', 'ip_address', '127.0.0.1'),
  'user_id', :'u'::uuid, 'valid', false) as bad,
  jsonb_build_object('user_id', :'u'::uuid, 'valid', true) as good;

select is(hooks.password_verification_attempt(bad), '{"decision": "continue", "message": "", "should_logout_user": false}'::jsonb,
  '1st failure: continue (GoTrue answers invalid credentials itself)') from attempt;
select is(hooks.password_verification_attempt(bad) ->> 'decision', 'continue', '2nd failure: continue') from attempt;
select is(hooks.password_verification_attempt(good) ->> 'decision', 'continue', 'a success continues') from attempt;
select is((select count(*)::int from private.failed_sign_ins where user_id = :'u'), 0, 'and resets the count') from attempt;
select is(hooks.password_verification_attempt(bad) ->> 'decision', 'continue', 'failure 1 after the reset') from attempt;
select is(hooks.password_verification_attempt(bad) ->> 'decision', 'continue', 'failure 2') from attempt;
select is(hooks.password_verification_attempt(bad) ->> 'decision', 'continue', 'failure 3') from attempt;
select is(hooks.password_verification_attempt(bad) ->> 'decision', 'continue', 'failure 4') from attempt;
select is(hooks.password_verification_attempt(bad),
  '{"decision": "reject", "message": "Too many failed sign-in attempts: the account is locked for 30 minutes.", "should_logout_user": true}'::jsonb,
  'the 5th failure in 15 minutes locks the account and logs the user out') from attempt;
select ok((select locked_until between now() + interval '29 minutes' and now() + interval '31 minutes' from public.profiles where id = :'u'),
  'locked for 30 minutes');
select is((select count(*)::int from public.activity_log where user_id = :'u' and action = 'account.locked'), 1, 'the lock is in the activity log');
select is(hooks.password_verification_attempt(good) ->> 'decision', 'reject', 'while locked, even the right password is rejected') from attempt;
select ok((hooks.password_verification_attempt(good) ->> 'should_logout_user')::boolean = false, 'without another logout') from attempt;
select is(hooks.custom_access_token(event) #>> '{error,http_code}', '403', 'and the token hook refuses too (every plan)') from payload;

update public.profiles set locked_until = now() - interval '1 second' where id = :'u';
select is(hooks.password_verification_attempt(good) ->> 'decision', 'continue', 'after the lock expires the right password works') from attempt;
select is((select locked_until from public.profiles where id = :'u'), null, 'and the lock is cleared');

-- failures older than the window do not count
insert into private.failed_sign_ins (user_id, attempted_at)
select :'u', now() - interval '20 minutes' from generate_series(1, 4);
select is(hooks.password_verification_attempt(bad) ->> 'decision', 'continue', 'four failures 20 minutes ago + one now: no lock') from attempt;

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
