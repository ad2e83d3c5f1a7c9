-- Schema-wide guards: every table in an exposed schema has RLS and at least one policy, and no
-- SECURITY DEFINER function in an exposed schema runs without a fixed search_path.
begin;
select plan(3);

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

select * from finish();
rollback;
