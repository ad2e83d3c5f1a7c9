-- Schema-wide guards: every table in an exposed schema has RLS and at least one policy, and no
-- SECURITY DEFINER function in an exposed schema runs without a fixed search_path.
begin;
select plan(9);

select is_empty($$
  select c.relname
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('public', 'graphql_public') and c.relkind in ('r', 'p') and not c.relrowsecurity
$$, 'every table in an exposed schema has RLS enabled');

select is_empty($$
  select c.relname
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('public', 'graphql_public') and c.relkind in ('r', 'p')
    and not exists (select 1 from pg_policy p where p.polrelid = c.oid)
$$, 'every table in an exposed schema has at least one policy');

select is_empty($$
  select p.oid::regprocedure::text
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'graphql_public') and p.prosecdef
    and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) as cfg where cfg like 'search_path=%')
$$, 'no SECURITY DEFINER function in an exposed schema lacks a search_path');

-- Functions outside the exposed schemas that API roles may run: exactly these (a new grant must be added
-- here on purpose). Everything else in private/hooks is for triggers, jobs and definer code only.
select set_eq($$
  select distinct p.oid::regprocedure::text
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  cross join (values ('anon'), ('authenticated'), ('service_role')) r(role)
  where n.nspname in ('private', 'hooks') and has_function_privilege(r.role, p.oid, 'execute')
$$, array[
  'private.active_uid()', 'private.is_admin()', 'private.assert_admin()', 'private.rollout_bucket(text,uuid)',
  'private.get_shared_plan(text)', 'private.record_plan_view(uuid,text)',
  'private.public_feed(text,timestamp with time zone,uuid,integer)',
  'private.list_my_sessions()', 'private.revoke_session(uuid)', 'private.revoke_other_sessions()',
  'private.request_account_deletion()', 'private.admin_platform_stats()', 'private.admin_revenue(integer)',
  'private.admin_search_users(text,integer,timestamp with time zone,uuid)',
  'private.admin_set_suspended(uuid,boolean,text)', 'private.admin_activity_log(uuid,bigint,integer)',
  'private.list_trashed_plans()', 'private.restore_plan(uuid)', 'private.start_data_export()',
  'private.my_emails()', 'private.offers_published_by_caller()'
], 'API roles can execute only the allow-listed private functions');

select is_empty($$
  select p.oid::regprocedure::text
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private', 'hooks') and has_function_privilege('public', p.oid, 'execute')
    and p.prokind = 'f' and p.prorettype <> 'trigger'::regtype
$$, 'no project function is executable by PUBLIC');

-- Sequences: the API roles hold no privilege on any sequence of the project's schemas. UPDATE would let
-- them setval() (which a rollback does not undo) and break every later insert into the table.
select is_empty($$
  select n.nspname || '.' || c.relname || ' ' || r.role || ' ' || priv.p
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  cross join (values ('anon'), ('authenticated'), ('service_role')) r(role)
  cross join (values ('USAGE'), ('SELECT'), ('UPDATE')) priv(p)
  where c.relkind = 'S' and n.nspname in ('public', 'private', 'hooks')
    and has_sequence_privilege(r.role, c.oid, priv.p)
$$, 'no API role holds USAGE, SELECT or UPDATE on a sequence in public, private or hooks');

-- A sequence postgres creates from now on starts without them too (default privileges).
create sequence public.schema_security_probe_seq;
select is_empty($$
  select r.role from (values ('anon'), ('authenticated'), ('service_role')) r(role)
  where has_sequence_privilege(r.role, 'public.schema_security_probe_seq', 'USAGE, SELECT, UPDATE')
$$, 'a new sequence in public grants nothing to the API roles');

select tests.authenticate_as_anon();
select throws_ok($$select setval('public.activity_log_id_seq', 1)$$, '42501', null,
  'anon cannot setval the activity log''s sequence');
select tests.clear_authentication();
select tests.create_user('seq-probe@example.test') as probe \gset
select tests.authenticate_as(:'probe');
select throws_ok($$select setval('public.activity_log_id_seq', 1)$$, '42501', null,
  'authenticated cannot setval the activity log''s sequence');
select tests.clear_authentication();

select * from finish();
rollback;
