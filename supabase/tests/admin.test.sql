-- Admin RPCs: only admins (role in token and profile; aal2 when MFA is enrolled); every action logged.
begin;
select plan(24);

select tests.create_user('adm@example.test', '{"display_name": "Ada Admin"}') as adm \gset
select tests.create_user('mfa-adm@example.test') as mfa_adm \gset
select tests.create_user('target@example.test', '{"display_name": "Tara Target"}') as target \gset
select tests.create_user('plain@example.test') as plain \gset
update public.profiles set role = 'admin' where id in (:'adm', :'mfa_adm');
insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at)
values (gen_random_uuid(), :'mfa_adm', 'phone', 'totp', 'verified', now(), now());
insert into auth.sessions (id, user_id, created_at, updated_at, aal) values (gen_random_uuid(), :'target', now(), now(), 'aal1');
insert into public.plans (user_id, title, destination, start_date, end_date) values (:'target', 'T', 'Oslo', current_date, current_date);
update auth.users set last_sign_in_at = now() where id = :'target';

-- Who is refused -----------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok('select public.admin_platform_stats()', '42501', 'permission denied for function admin_platform_stats',
  'anon cannot call admin RPCs');
select tests.authenticate_as(:'plain');
select throws_ok('select public.admin_platform_stats()', '42501', 'admin role required', 'a user is refused');
select throws_ok($$select * from public.admin_search_users('target')$$, '42501', 'admin role required',
  'a user cannot search users');
select throws_ok(format('select public.admin_set_suspended(%L, true)', :'target'), '42501', 'admin role required',
  'a user cannot suspend anyone');
select tests.authenticate_as(:'plain', '{"user_role": "admin"}');
select throws_ok('select public.admin_platform_stats()', '42501', 'admin role required',
  'a forged user_role claim is not enough: the profile must say admin');
select tests.authenticate_as(:'plain', '{"user_metadata": {"role": "admin"}, "app_metadata": {"role": "admin"}}');
select throws_ok('select public.admin_platform_stats()', '42501', 'admin role required',
  'user_metadata / app_metadata claiming admin are ignored');
select tests.authenticate_as(:'adm');
select throws_ok('select public.admin_platform_stats()', '42501', 'admin role required',
  'an admin whose token lacks the user_role claim is refused');
select tests.authenticate_as(:'mfa_adm', '{"user_role": "admin"}');
select throws_ok('select public.admin_platform_stats()', '42501', 'admin actions need a multi-factor (aal2) session',
  'an admin with MFA enrolled needs an aal2 session');
select tests.authenticate_as(:'mfa_adm', '{"user_role": "admin", "aal": "aal2"}');
select lives_ok('select public.admin_platform_stats()', 'with aal2 they are let in');

-- What admins get ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'adm', '{"user_role": "admin"}');
select ok((public.admin_platform_stats() ->> 'users_total')::int >= 4, 'stats count users');
select ok((public.admin_platform_stats() ->> 'users_new_7d')::int >= 4, 'and new users this week');
select ok((public.admin_platform_stats() ->> 'users_active_7d')::int >= 1, 'and active users');
select ok((public.admin_platform_stats() ->> 'plans_total')::int >= 1, 'and plans');
select is((select display_name from public.admin_search_users('target@example')), 'Tara Target', 'search finds by email');
select is((select email from public.admin_search_users('tara')), 'target@example.test', 'and by display name, case-insensitively');
select is((select count(*)::int from public.admin_search_users('%')), 0, 'a % in the search is a literal, not a wildcard');

-- Suspend / unsuspend ------------------------------------------------------------------------------------------
select lives_ok(format($$select public.admin_set_suspended(%L, true, 'spam')$$, :'target'), 'an admin suspends a user');
select throws_ok(format('select public.admin_set_suspended(%L, true)', :'adm'), '22023', 'admins cannot suspend themselves',
  'an admin cannot suspend themselves');
select tests.clear_authentication();
select ok((select suspended_at is not null and suspended_reason = 'spam' from public.profiles where id = :'target'), 'the user is suspended');
select is((select count(*)::int from auth.sessions where user_id = :'target'), 0, 'their sessions ended');
select is((select count(*)::int from public.activity_log where user_id = :'target' and action = 'admin.user_suspended' and actor_id = :'adm'),
  1, 'the action is logged with the admin as actor');
select tests.authenticate_as(:'target');
select is_empty('select 1 from public.plans where user_id = auth.uid()', 'a suspended user sees none of their data');
select tests.authenticate_as(:'adm', '{"user_role": "admin"}');
select lives_ok(format('select public.admin_set_suspended(%L, false)', :'target'), 'an admin unsuspends');
select tests.authenticate_as(:'target');
select isnt_empty('select 1 from public.plans where user_id = auth.uid()', 'and the user sees their data again');

select * from finish();
rollback;
