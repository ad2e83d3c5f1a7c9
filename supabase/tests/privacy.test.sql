-- What other people can learn: a public plan shows its content, not its owner's private details; activity
-- rows show users what happened to them, not who else did it or from where; a purge leaves no address.
begin;
select plan(16);

select tests.create_user('priv-owner@example.test', '{"display_name": "Olga"}') as owner \gset
select tests.create_user('priv-other@example.test') as other \gset
select tests.create_user('priv-admin@example.test') as adm \gset
update public.profiles set role = 'admin' where id = :'adm';
insert into public.plans (id, user_id, title, destination, start_date, end_date, visibility)
values ('00000000-0000-4000-8000-0000000000a1', :'owner', 'Public trip', 'Porto', current_date, current_date + 1, 'public');
insert into public.plan_private_details (plan_id, accessibility_needs, request)
values ('00000000-0000-4000-8000-0000000000a1', 'wheelchair user', '{"destination": "Porto"}');

-- Plan private details ---------------------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select is((select accessibility_needs from public.plan_private_details where plan_id = '00000000-0000-4000-8000-0000000000a1'),
  'wheelchair user', 'the owner reads their plan''s private details');
select tests.authenticate_as(:'other');
select isnt_empty($$select 1 from public.plans where id = '00000000-0000-4000-8000-0000000000a1'$$, 'the plan itself is public');
select is_empty($$select 1 from public.plan_private_details where plan_id = '00000000-0000-4000-8000-0000000000a1'$$,
  'its private details are not, for another user');
select throws_ok($$insert into public.plan_private_details (plan_id, accessibility_needs) values ('00000000-0000-4000-8000-0000000000a1', 'x')$$,
  '42501', 'new row violates row-level security policy for table "plan_private_details"', 'nor can another user add them');
select tests.authenticate_as(:'adm', '{"user_role": "admin"}');
select is_empty($$select 1 from public.plan_private_details$$, 'admins do not read them through the API either');
select tests.authenticate_as_anon();
select throws_ok('select * from public.plan_private_details', '42501', 'permission denied for table plan_private_details',
  'anon has no access');
select ok(not (public.record_plan_view('00000000-0000-4000-8000-0000000000a1') is null), 'anon views the public plan');
select ok(not (select to_jsonb(p) ? 'accessibility_needs' from public.plans p where p.id = '00000000-0000-4000-8000-0000000000a1'),
  'the public plan row has no accessibility column at all');

-- Activity rows ---------------------------------------------------------------------------------------------
select tests.authenticate_as(:'adm', '{"user_role": "admin"}');
select set_config('request.headers', '{"x-forwarded-for": "10.9.8.7", "user-agent": "AdminBrowser"}', true);
select public.admin_set_suspended(:'other', true, 'test');
select public.admin_set_suspended(:'other', false);
select tests.authenticate_as(:'other');
select is((select count(*)::int from public.activity_log where action like 'admin.user_%'), 2,
  'the user reads the admin actions on their account');
select throws_ok('select actor_id from public.activity_log', '42501', 'permission denied for table activity_log',
  'but not who did them');
select throws_ok('select ip, user_agent from public.activity_log', '42501', 'permission denied for table activity_log',
  'nor from where');
select throws_ok('select * from public.admin_activity_log()', '42501', 'admin role required', 'the full log is admins'' only');
select tests.authenticate_as(:'adm', '{"user_role": "admin"}');
select is((select count(*)::int from public.admin_activity_log(:'other') where actor_id = :'adm' and ip is null), 2,
  'admins see the actor; the ip of an action on someone else is not kept');

-- The purge -------------------------------------------------------------------------------------------------
select tests.clear_authentication();
select set_config('request.jwt.claims', json_build_object('sub', :'owner')::text, true);
select private.log_activity(:'owner', 'test.own_action');
select set_config('request.jwt.claims', '', true);
update public.profiles set deleted_at = now(), purge_after = now() - interval '1 second' where id = :'owner';
select ok((select count(*) from public.email_outbox where user_id = :'owner') >= 1, 'the owner had emails queued (welcome)');
select private.purge_deleted_accounts();
select is_empty(format($$select 1 from public.email_outbox where to_email = 'priv-owner@example.test' or user_id = %L$$, :'owner'),
  'a purged account''s emails are gone with it');
select is_empty($$select 1 from public.activity_log where action = 'test.own_action' and (ip is not null or user_agent is not null or user_id is not null)$$,
  'its activity rows keep neither its id nor its ip or user agent');

select * from finish();
rollback;
