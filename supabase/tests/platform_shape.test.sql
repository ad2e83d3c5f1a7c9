-- The local platform shape matches what hosted Supabase gives a project (roles, schemas, extensions,
-- auth and storage objects), and the seed users can sign in. Under `supabase test db` (Docker) the same
-- assertions hold against the real image.
begin;
select plan(30);

-- Roles and attributes ---------------------------------------------------------------------------------
select ok(not rolsuper and rolcreaterole and rolcreatedb and rolreplication and rolbypassrls and rolcanlogin,
  'postgres is NOSUPERUSER CREATEROLE CREATEDB REPLICATION BYPASSRLS LOGIN, as on hosted')
  from pg_roles where rolname = 'postgres';
select ok(not rolcanlogin and rolinherit and not rolbypassrls, 'anon is NOLOGIN INHERIT') from pg_roles where rolname = 'anon';
select ok(not rolcanlogin and rolinherit and not rolbypassrls, 'authenticated is NOLOGIN INHERIT')
  from pg_roles where rolname = 'authenticated';
select ok(not rolcanlogin and rolbypassrls, 'service_role is NOLOGIN BYPASSRLS') from pg_roles where rolname = 'service_role';
select ok(rolcanlogin and not rolinherit, 'authenticator is LOGIN NOINHERIT') from pg_roles where rolname = 'authenticator';
select ok(rolcanlogin and not rolinherit and not rolsuper, 'supabase_auth_admin is LOGIN NOINHERIT')
  from pg_roles where rolname = 'supabase_auth_admin';
select ok(rolcanlogin and not rolinherit, 'supabase_storage_admin is LOGIN NOINHERIT')
  from pg_roles where rolname = 'supabase_storage_admin';
select ok(pg_has_role('authenticator', 'anon', 'member') and pg_has_role('authenticator', 'authenticated', 'member')
  and pg_has_role('authenticator', 'service_role', 'member'), 'authenticator can become every API role');
select ok(pg_has_role('postgres', 'authenticated', 'member'), 'postgres can act as authenticated');
select ok(not pg_has_role('postgres', 'supabase_auth_admin', 'member'), 'postgres is not a member of supabase_auth_admin');
select is((select setting from pg_db_role_setting s join pg_roles r on r.oid = s.setrole, unnest(s.setconfig) setting
  where r.rolname = 'anon' and setting like 'statement_timeout=%'), 'statement_timeout=3s', 'anon statement timeout is 3s');

-- Schemas and extensions -------------------------------------------------------------------------------
select has_schema('auth', 'schema auth exists');
select has_schema('storage', 'schema storage exists');
select has_schema('extensions', 'schema extensions exists');
select is((select extnamespace::regnamespace::text from pg_extension where extname = 'pgcrypto'), 'extensions', 'pgcrypto is in extensions');
select is((select extnamespace::regnamespace::text from pg_extension where extname = 'uuid-ossp'), 'extensions', 'uuid-ossp is in extensions');
select is((select extnamespace::regnamespace::text from pg_extension where extname = 'pg_cron'), 'pg_catalog', 'pg_cron is in pg_catalog');
select ok(has_schema_privilege('postgres', 'cron', 'usage') and has_function_privilege('postgres', 'cron.schedule(text,text,text)', 'execute'),
  'postgres can schedule cron jobs');

-- auth --------------------------------------------------------------------------------------------------
select has_table('auth', 'users', 'auth.users exists');
select col_type_is('auth', 'refresh_tokens', 'user_id', 'character varying(255)', 'auth.refresh_tokens.user_id is varchar, as in GoTrue');
select col_type_is('auth', 'sessions', 'aal', 'auth.aal_level', 'auth.sessions.aal is auth.aal_level');
select is((select attgenerated::text from pg_attribute where attrelid = 'auth.users'::regclass and attname = 'confirmed_at'),
  's', 'auth.users.confirmed_at is a generated column');
select has_function('auth', 'jwt', 'auth.jwt() exists');
select ok(not has_table_privilege('authenticated', 'auth.users', 'select'), 'authenticated cannot read auth.users');
select ok(not has_table_privilege('anon', 'auth.users', 'select'), 'anon cannot read auth.users');
select ok(has_table_privilege('postgres', 'auth.users', 'references'), 'postgres may reference auth.users');

-- storage ------------------------------------------------------------------------------------------------
select is(storage.foldername('user-1/avatars/me.png'), array['user-1', 'avatars'], 'storage.foldername splits folders');

-- The public schema's default privileges follow auto_expose_new_tables = false ---------------------------
create table public.tmp_default_privs (id int primary key);
select ok(not has_table_privilege('anon', 'public.tmp_default_privs', 'select')
  and not has_table_privilege('authenticated', 'public.tmp_default_privs', 'insert'),
  'a new table in public is not granted to the API roles until a migration says so');

-- Seed users can sign in (bcrypt via pgcrypto, as GoTrue checks) -----------------------------------------
select is((select count(*)::int from auth.users where email like '%@tripmaster.test'
  and encrypted_password = extensions.crypt('TripMaster-demo-1', encrypted_password) and email_confirmed_at is not null),
  3, 'the three seed users have confirmed emails and the documented password');
select is((select count(*)::int from auth.identities i join auth.users u on u.id = i.user_id
  where u.email like '%@tripmaster.test' and i.provider = 'email'), 3, 'each seed user has an email identity');

select * from finish();
rollback;
