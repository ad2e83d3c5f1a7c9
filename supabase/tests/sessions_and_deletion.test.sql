-- Sessions (list, revoke one, revoke others) and account deletion (soft delete now, purge later).
begin;
select plan(32);

select tests.create_user('sess-a@example.test', '{"display_name": "Sess A"}') as a \gset
select tests.create_user('sess-b@example.test') as b \gset
select gen_random_uuid() as s1, gen_random_uuid() as s2, gen_random_uuid() as s3, gen_random_uuid() as sb \gset
insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip, refreshed_at) values
  (:'s1', :'a', now() - interval '2 days', now(), 'aal1', 'Firefox on Linux', '203.0.113.1', now() - interval '1 hour'),
  (:'s2', :'a', now() - interval '1 day', now(), 'aal2', 'Safari on iPhone', '203.0.113.2', now()),
  (:'s3', :'a', now(), now(), 'aal1', 'curl', '203.0.113.3', null),
  (:'sb', :'b', now(), now(), 'aal1', 'Edge', '198.51.100.1', now());
insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, session_id)
values ('00000000-0000-0000-0000-000000000000', 'rt-s3', :'a', false, now(), now(), :'s3');

-- Listing ---------------------------------------------------------------------------------------------
select tests.authenticate_as(:'a', jsonb_build_object('session_id', :'s1'));
select is((select count(*)::int from public.list_my_sessions()), 3, 'a user lists their own three sessions');
select is((select array_agg(user_agent order by user_agent) from public.list_my_sessions()),
  array['Firefox on Linux', 'Safari on iPhone', 'curl'], 'with device, and nobody else''s');
select is((select id from public.list_my_sessions() where is_current), :'s1'::uuid, 'the current session is marked');
select is((select aal from public.list_my_sessions() where id = :'s2'), 'aal2', 'with its AAL');
select is((select host(ip) from public.list_my_sessions() where id = :'s2'), '203.0.113.2', 'and its IP');
select throws_ok('select * from auth.sessions', '42501', 'permission denied for table sessions',
  'auth.sessions itself stays closed');

-- Revoking ----------------------------------------------------------------------------------------------
select is(public.revoke_session(:'sb'), false, 'revoking another user''s session does nothing');
select is(public.revoke_session(:'s3'), true, 'revoking one of my sessions works');
select tests.clear_authentication();
select ok(exists (select 1 from auth.sessions where id = :'sb'), 'the other user''s session is still there');
select ok(not exists (select 1 from auth.sessions where id = :'s3'), 'the revoked session is gone');
select ok(not exists (select 1 from auth.refresh_tokens where token = 'rt-s3'), 'with its refresh tokens');
select is((select count(*)::int from public.activity_log where user_id = :'a' and action = 'session.revoked'), 1, 'logged');

select tests.authenticate_as(:'a', jsonb_build_object('session_id', :'s1'));
select is(public.revoke_other_sessions(), 1, 'revoking the others ends one session');
select is((select array_agg(id) from public.list_my_sessions()), array[:'s1'::uuid], 'only the current one is left');

select tests.authenticate_as_anon();
select throws_ok('select * from public.list_my_sessions()', '42501', 'permission denied for function list_my_sessions',
  'anon cannot list sessions');

-- Account deletion -------------------------------------------------------------------------------------------
select tests.clear_authentication();
insert into public.plans (id, user_id, title, destination, start_date, end_date, visibility)
values ('00000000-0000-4000-8000-00000000d001', :'a', 'Gone soon', 'Porto', current_date, current_date + 2, 'public');
insert into public.plan_shares (plan_id) values ('00000000-0000-4000-8000-00000000d001');
insert into storage.objects (bucket_id, name, owner_id) values ('avatars', :'a' || '/me.png', :'a');

select tests.authenticate_as(:'a', jsonb_build_object('session_id', :'s1'));
select public.request_account_deletion() as purge_at \gset
select ok(:'purge_at'::timestamptz between now() + interval '29 days' and now() + interval '31 days',
  'deletion returns the purge date, 30 days out');
select is_empty('select 1 from public.profiles', 'the user''s own profile is hidden at once');
select is_empty('select 1 from public.plans where user_id = auth.uid()', 'their plans are hidden at once');
select throws_ok('select public.request_account_deletion()', '42501', 'sign in to delete your account',
  'a second request with the old token is refused');

select tests.authenticate_as_anon();
select is_empty($$select 1 from public.plans where id = '00000000-0000-4000-8000-00000000d001'$$,
  'the formerly public plan is gone for everyone');
select is_empty($$select 1 from public.public_feed() where id = '00000000-0000-4000-8000-00000000d001'$$,
  'and from the feed');

select tests.clear_authentication();
select is((select count(*)::int from auth.sessions where user_id = :'a'), 0, 'every session of the account ended');
select ok((select revoked_at is not null from public.plan_shares where plan_id = '00000000-0000-4000-8000-00000000d001'),
  'share links are revoked');
select is((select count(*)::int from public.activity_log where user_id = :'a' and action = 'account.deletion_requested'), 1,
  'the request is logged');
select is((select data ->> 'purgeAfter' from public.email_outbox where user_id = :'a' and template = 'account_deletion_scheduled')::timestamptz,
  :'purge_at'::timestamptz, 'an "account deletion scheduled" email is queued with the purge date');

-- Purge ----------------------------------------------------------------------------------------------------------
select is(private.purge_deleted_accounts(), 0, 'nothing is purged inside the grace period');
update public.profiles set purge_after = now() - interval '1 minute' where id = :'a';
select is(private.purge_deleted_accounts(), 1, 'after the grace period the account is purged');
select ok(not exists (select 1 from auth.users where id = :'a'), 'the auth user is gone');
select ok(not exists (select 1 from public.plans where user_id = :'a'), 'with its plans (for good)');
-- The bytes go through the Storage API (deleting rows leaves them in the bucket on hosted): queued for the
-- purge-worker in the purge's transaction.
select ok(exists (select 1 from private.purge_jobs where kind = 'delete_storage_objects'
  and payload -> 'names' ? (:'a' || '/me.png')), 'and its avatar objects are queued for deletion through the Storage API');
select ok(not exists (select 1 from public.activity_log where user_id = :'a' or actor_id = :'a')
  and exists (select 1 from public.activity_log where action = 'account.deletion_requested' and user_id is null),
  'activity rows stay, without the user id');
select ok(exists (select 1 from cron.job where jobname = 'purge-deleted-accounts'), 'the purge runs daily from pg_cron');

select * from finish();
rollback;
