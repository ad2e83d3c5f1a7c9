-- Attempts to escalate, as an attacker with a valid user token would try them.
begin;
select plan(17);

select tests.create_user('mallory@example.test') as m \gset
select tests.create_user('victim@example.test') as v \gset

select tests.authenticate_as(:'m');
-- Own privileged columns
select throws_ok($$update public.profiles set role = 'admin'$$, '42501', 'permission denied for table profiles', 'a user cannot make themselves admin');
select throws_ok($$update public.profiles set tier = 'pro'$$, '42501', 'permission denied for table profiles', 'a user cannot upgrade their tier');
select throws_ok($$update public.profiles set locked_until = null$$, '42501', 'permission denied for table profiles', 'a user cannot unlock themselves');
select throws_ok($$update public.profiles set suspended_at = null$$, '42501', 'permission denied for table profiles', 'a user cannot unsuspend themselves');
select throws_ok($$update public.profiles set deleted_at = null, purge_after = null$$, '42501', 'permission denied for table profiles',
  'a user cannot cancel a deletion by hand');
-- Rows owned by someone else
select throws_ok(format($$insert into public.plans (user_id, title, destination, start_date, end_date) values (%L, 'x', 'y', current_date, current_date)$$, :'v'),
  '42501', 'permission denied for table plans', 'a user cannot insert a plan owned by someone else');
select throws_ok(format($$insert into public.addresses (user_id, line1, city, country_code) values (%L, 'x', 'y', 'FR')$$, :'v'),
  '42501', 'permission denied for table addresses', 'nor an address');
-- auth.users through tables, views and functions
select throws_ok('select * from auth.users', '42501', 'permission denied for table users', 'auth.users is closed');
select throws_ok('select * from auth.identities', '42501', 'permission denied for table identities', 'auth.identities is closed');
select is_empty($$select 1 from pg_views where schemaname in ('public', 'graphql_public')$$, 'no view in an exposed schema could leak auth.users');
select is_empty($$
  select p.oid from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = 'public' and p.prosecdef$$, 'no SECURITY DEFINER function sits in public (definer code lives in private)');
select throws_ok($$select * from public.admin_search_users('victim')$$, '42501', 'admin role required', 'user search is admin-only');
select throws_ok('select private.plan_document(gen_random_uuid())', '42501', 'permission denied for function plan_document',
  'internal definer helpers are not callable');
select throws_ok($$select private.log_activity(auth.uid(), 'admin.user_suspended')$$, '42501',
  'permission denied for function log_activity', 'a user cannot forge activity rows');
-- Hooks and jobs
select throws_ok('select private.purge_deleted_accounts()', '42501', 'permission denied for function purge_deleted_accounts', 'a user cannot run the purge');
select throws_ok($$select cron.schedule('x', '* * * * *', 'select 1')$$, '42501', 'permission denied for schema cron', 'nor schedule jobs');
select tests.authenticate_as_anon();
select throws_ok($$select * from public.addresses$$, '42501', 'permission denied for table addresses', 'anon reads no private table');

select * from finish();
rollback;
