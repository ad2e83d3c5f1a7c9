-- activity_log: append-only audit trail. Subjects read their own rows, admins read all; no API role
-- writes; even postgres cannot update, delete or truncate except through the retention job and the
-- foreign keys' anonymisation; log_activity records the client ip and user agent from the request headers.
begin;
select plan(54);

select tests.create_user('owner@example.test') as owner \gset
select tests.create_user('other@example.test') as other \gset
select tests.create_user('admin@example.test') as admin \gset
select tests.create_user('deleted@example.test') as deleted \gset

-- Fixtures (as postgres) -----------------------------------------------------------------------------
update public.profiles set role = 'admin' where id = :'admin';
select private.log_activity(:'owner', 'plan.created', 'plan', 'plan-owner') as owner_row \gset
select private.log_activity(:'other', 'plan.created', 'plan', 'plan-other') as other_row \gset
select private.log_activity(:'owner', 'admin.user_suspended', 'user', :'owner', '{}'::jsonb, :'admin') as admin_row \gset
select private.log_activity(:'deleted', 'plan.created', 'plan', 'plan-deleted') as deleted_row \gset
update public.profiles set deleted_at = now(), purge_after = now() + interval '30 days' where id = :'deleted';

-- Owner (the subject) --------------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select results_eq('select id, user_id, action from public.activity_log order by id',
  format($$values (%s::bigint, %L::uuid, 'plan.created'), (%s, %L, 'admin.user_suspended')$$,
    :'owner_row', :'owner', :'admin_row', :'owner'),
  'a user reads exactly the rows about them, including admin actions done to them');
select throws_ok($$insert into public.activity_log (action) values ('fake.event')$$,
  '42501', 'permission denied for table activity_log', 'a user cannot insert activity');
select throws_ok($$update public.activity_log set action = 'plan.deleted'$$,
  '42501', 'permission denied for table activity_log', 'a user cannot update activity');
select throws_ok('delete from public.activity_log', '42501', 'permission denied for table activity_log',
  'a user cannot delete activity');

-- Other user -----------------------------------------------------------------------------------------
select tests.authenticate_as(:'other');
select results_eq('select id from public.activity_log', format('values (%s::bigint)', :'other_row'),
  'another user reads only their own row');
select is_empty(format('select 1 from public.activity_log where user_id = %L', :'owner'),
  'another user sees none of the owner''s activity');

-- Admin ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select is((select count(*)::int from public.activity_log where id in (:owner_row, :other_row, :admin_row, :deleted_row)), 4,
  'an admin reads every user''s activity');
select throws_ok($$insert into public.activity_log (action) values ('fake.event')$$,
  '42501', 'permission denied for table activity_log', 'an admin cannot insert activity');
select throws_ok($$update public.activity_log set action = 'plan.deleted'$$,
  '42501', 'permission denied for table activity_log', 'an admin cannot update activity');
select throws_ok('delete from public.activity_log', '42501', 'permission denied for table activity_log',
  'an admin cannot delete activity');

-- Token says admin but the profile does not ----------------------------------------------------------
select tests.authenticate_as(:'other', '{"user_role": "admin"}');
select results_eq('select id from public.activity_log', format('values (%s::bigint)', :'other_row'),
  'a user_role claim without the admin profile role reads only their own rows');

-- Deleted account ------------------------------------------------------------------------------------
select tests.authenticate_as(:'deleted');
select is_empty('select 1 from public.activity_log', 'a deleted account reads none of its own activity');

-- Anon -----------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok('select * from public.activity_log', '42501', 'permission denied for table activity_log',
  'anon cannot read activity');
select throws_ok($$insert into public.activity_log (action) values ('fake.event')$$,
  '42501', 'permission denied for table activity_log', 'anon cannot insert activity');
select throws_ok($$update public.activity_log set action = 'plan.deleted'$$,
  '42501', 'permission denied for table activity_log', 'anon cannot update activity');
select throws_ok('delete from public.activity_log', '42501', 'permission denied for table activity_log',
  'anon cannot delete activity');

-- Service role ---------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.activity_log where id in (:owner_row, :other_row, :admin_row, :deleted_row)), 4,
  'the service role reads every row');
select throws_ok($$insert into public.activity_log (action) values ('fake.event')$$,
  '42501', 'permission denied for table activity_log', 'the service role cannot insert activity');
select throws_ok($$update public.activity_log set action = 'plan.deleted'$$,
  '42501', 'permission denied for table activity_log', 'the service role cannot update activity');
select throws_ok('delete from public.activity_log', '42501', 'permission denied for table activity_log',
  'the service role cannot delete activity');

-- Postgres: append-only even for the owner of the table ----------------------------------------------
select tests.clear_authentication();
select throws_ok(format($$update public.activity_log set action = 'plan.deleted' where id = %s$$, :'owner_row'),
  '42501', 'activity_log is append-only', 'postgres cannot update a row');
select throws_ok(format($$update public.activity_log set user_id = %L where id = %s$$, :'other', :'owner_row'),
  '42501', 'activity_log is append-only', 'postgres cannot reassign a row to another user');
select private.log_activity(:'other', 'test.manual_null') as manual_null_row \gset
select throws_ok(format('update public.activity_log set user_id = null where id = %s', :'manual_null_row'),
  '42501', 'activity_log is append-only', 'postgres cannot anonymise a row of a live account by hand');
select throws_ok(format('delete from public.activity_log where id = %s', :'owner_row'),
  '42501', 'activity_log is append-only', 'postgres cannot delete a row');
select throws_ok('truncate public.activity_log', '42501', 'activity_log is append-only', 'postgres cannot truncate');
select is((select action from public.activity_log where id = :owner_row), 'plan.created', 'the row is unchanged');

-- log_activity: ip and user agent from the request headers -------------------------------------------
-- The client wrote the first entry (forged); the gateway (one trusted hop) appended the real address.
set local request.headers = '{"x-forwarded-for": "198.51.100.66, 203.0.113.7", "user-agent": "Mozilla/5.0"}';
-- ip and user agent are kept on rows about the caller's own doings: the request's user is the subject.
select set_config('request.jwt.claims', json_build_object('sub', :'owner', 'role', 'authenticated')::text, true);
select private.log_activity(:'owner', 'plan.viewed', 'plan', 'plan-owner') as headers_row \gset
select results_eq(format('select ip, user_agent, details from public.activity_log where id = %s', :'headers_row'),
  $$values ('203.0.113.7'::inet, 'Mozilla/5.0', '{}'::jsonb)$$,
  'log_activity keeps the address the trusted hop added (not the client-written first entry) and the user agent');
set local request.headers = '{"x-real-ip": "2001:db8::1"}';
select private.log_activity(:'owner', 'plan.viewed') as real_ip_row \gset
select is((select ip from public.activity_log where id = :real_ip_row), null::inet,
  'x-real-ip (client-controlled) is never taken as the client IP');
update private.settings set value = '2' where key = 'trusted_proxy_hops';
set local request.headers = '{"x-forwarded-for": "198.51.100.66, 2001:db8::5, 10.0.0.1"}';
select private.log_activity(:'owner', 'plan.viewed') as two_hops_row \gset
select is((select ip from public.activity_log where id = :two_hops_row), '2001:db8::5'::inet,
  'with two trusted hops the client is the second entry from the right');
set local request.headers = '{"x-forwarded-for": "10.0.0.1"}';
select private.log_activity(:'owner', 'plan.viewed') as short_row \gset
select is((select ip from public.activity_log where id = :short_row), null::inet,
  'fewer entries than trusted hops: no client IP');
update private.settings set value = '1' where key = 'trusted_proxy_hops';
select set_config('request.jwt.claims', json_build_object('sub', :'other', 'role', 'authenticated')::text, true);
select private.log_activity(:'owner', 'plan.viewed') as cross_row \gset
select results_eq(format('select ip, user_agent from public.activity_log where id = %s', :'cross_row'),
  $$values (null::inet, null::text)$$, 'a row about someone else keeps no ip or user agent of the caller');
select set_config('request.jwt.claims', '', true);
set local request.headers = '{"x-forwarded-for": "10.0.0.1, not-an-ip", "user-agent": "curl"}';
select lives_ok($$select private.log_activity(null, 'test.malformed_ip')$$, 'a malformed x-forwarded-for is not an error');
select results_eq($$select ip, user_agent from public.activity_log where action = 'test.malformed_ip'$$,
  $$values (null::inet, 'curl')$$, 'a malformed x-forwarded-for gives ip null');
set local request.headers = '';
select lives_ok($$select private.log_activity(null, 'test.no_headers')$$, 'no request headers at all is fine');
select results_eq($$select ip, user_agent from public.activity_log where action = 'test.no_headers'$$,
  $$values (null::inet, null::text)$$, 'without headers ip and user agent are null');
select throws_ok($$select private.log_activity(null, 'Not An Action')$$, '23514',
  'new row for relation "activity_log" violates check constraint "activity_log_action_check"',
  'actions are dotted lower-case verbs');
select throws_ok($$select private.log_activity(null, 'test.bad_details', null, null, '[1]'::jsonb)$$, '23514',
  'new row for relation "activity_log" violates check constraint "activity_log_details_check"',
  'details must be a JSON object');

-- Retention ------------------------------------------------------------------------------------------
insert into public.activity_log (user_id, action, created_at) values
  (:'owner', 'test.old', now() - interval '400 days'),
  (:'other', 'test.old', now() - interval '366 days'),
  (:'owner', 'test.recent', now() - interval '300 days'),
  (:'owner', 'test.recent', now() - interval '10 days');
select count(*) as expected_trim from public.activity_log where created_at < now() - interval '365 days' \gset
select is(:expected_trim::int, 2, 'two rows are older than the default retention of 365 days');
select is(private.trim_activity_log(), :expected_trim::int, 'trim_activity_log returns the number of rows deleted');
select is_empty($$select 1 from public.activity_log where action = 'test.old'$$, 'rows older than the retention are gone');
select is((select count(*)::int from public.activity_log where action = 'test.recent'), 2, 'newer rows are kept');
select is((select count(*)::int from public.activity_log where id in (:owner_row, :other_row, :admin_row, :deleted_row)), 4,
  'today''s rows are kept');
select throws_ok(format('delete from public.activity_log where id = %s', :'owner_row'),
  '42501', 'activity_log is append-only', 'after the retention job, deletes are refused again');

update private.settings set value = '30' where key = 'activity_log_retention_days';
select is(private.trim_activity_log(), 1, 'the retention age comes from private.settings');
select results_eq($$select created_at > now() - interval '30 days' from public.activity_log where action = 'test.recent'$$,
  $$values (true)$$, 'only the row older than the configured 30 days was deleted');

select results_eq($$select schedule, command from cron.job where jobname = 'activity-log-retention'$$,
  $$values ('17 3 * * *'::text, 'select private.trim_activity_log()'::text)$$,
  'the retention job is scheduled daily');

-- Deleting an auth user anonymises their rows ---------------------------------------------------------
delete from auth.users where id in (:'owner', :'admin');
select results_eq(format('select user_id, actor_id, action from public.activity_log where id in (%s, %s) order by id',
    :'owner_row', :'admin_row'),
  $$values (null::uuid, null::uuid, 'plan.created'), (null, null, 'admin.user_suspended')$$,
  'deleting the subject and the actor nulls their ids and keeps the rows');
select is((select count(*)::int from public.activity_log where id in (:owner_row, :other_row, :admin_row, :deleted_row)), 4,
  'no activity row was deleted with the user');
select is((select user_id from public.activity_log where id = :other_row), :'other'::uuid,
  'other users'' rows keep their subject');

-- Internal functions are not callable by API roles ---------------------------------------------------
select tests.authenticate_as(:'other');
select throws_ok('select private.trim_activity_log()', '42501', 'permission denied for function trim_activity_log',
  'a user cannot run the retention job');
select throws_ok(format($$select private.log_activity(%L, 'admin.user_suspended')$$, :'other'), '42501',
  'permission denied for function log_activity', 'a user cannot forge activity rows through log_activity');
select tests.authenticate_as_anon();
select throws_ok('select private.trim_activity_log()', '42501', 'permission denied for function trim_activity_log',
  'anon cannot run the retention job');

-- Catalog --------------------------------------------------------------------------------------------
select tests.clear_authentication();
select ok((select relrowsecurity from pg_class where oid = 'public.activity_log'::regclass), 'RLS is on');
select ok(not has_table_privilege('service_role', 'public.activity_log', 'insert, update, delete, truncate'),
  'the service role has no write grant');

select * from finish();
rollback;
