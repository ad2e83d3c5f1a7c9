-- Platform shape, part 1: the roles a hosted Supabase project has.
--
-- Not a migration: hosted projects already have all of this. The local stack applies it once, as the
-- bootstrap superuser `supabase_admin` (hosted uses the same name), to a brand-new cluster; migrations are
-- then applied as `postgres`, which is NOT a superuser here either, so a migration that would fail on
-- hosted fails locally too. Attributes follow supabase/postgres `nix/tests/expected/roles.out`.
-- Every login role gets the local password `postgres`, as the Supabase CLI does for its local stack.

-- The project owner role, demoted exactly as hosted (`demote-postgres`): no superuser, but createrole,
-- createdb, replication and bypassrls.
create role postgres with login nosuperuser createdb createrole replication bypassrls password 'postgres';
alter role postgres set search_path = "$user", public, extensions;

-- Data API roles. NOLOGIN; INHERIT since 2023. service_role bypasses RLS.
create role anon nologin inherit;
create role authenticated nologin inherit;
create role service_role nologin inherit bypassrls;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

-- PostgREST logs in as authenticator and switches role per request. Hosted also sets
-- session_preload_libraries = 'safeupdate' on it; plain PostgreSQL has no such library (every login
-- would fail with FATAL), so that one setting is left out.
create role authenticator with login noinherit password 'postgres';
grant anon, authenticated, service_role to authenticator;
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';

-- Service roles of Auth (GoTrue) and Storage. Hosted revoked CREATEROLE from supabase_auth_admin in 2026.
create role supabase_auth_admin with login noinherit nocreaterole noreplication password 'postgres';
alter role supabase_auth_admin set search_path = auth;
alter role supabase_auth_admin set idle_in_transaction_session_timeout = 60000;
create role supabase_storage_admin with login noinherit createrole noreplication password 'postgres';
alter role supabase_storage_admin set search_path = storage;
grant authenticator to supabase_storage_admin;
create role supabase_functions_admin with login noinherit createrole noreplication password 'postgres';

-- The rest of the hosted cast, cheap to have so grants written for hosted apply here unchanged.
create role dashboard_user with nologin createrole createdb replication;
create role supabase_replication_admin with login replication password 'postgres';
create role supabase_read_only_user with login bypassrls password 'postgres';
grant pg_read_all_data to supabase_read_only_user;
create role pgbouncer with login password 'postgres';
create role supabase_realtime_admin with login noinherit createrole replication password 'postgres';
grant anon, authenticated, service_role to supabase_realtime_admin;
create role supabase_superuser nologin;
grant pg_monitor, pg_signal_backend to supabase_superuser;

-- postgres' memberships on hosted (roles.out): the API roles, monitoring and read-all-data.
-- (Since 2025 it is no longer a member of supabase_auth_admin / supabase_storage_admin.)
grant anon, authenticated, service_role to postgres;
grant pg_monitor, pg_read_all_data, pg_signal_backend, supabase_superuser to postgres;

alter role supabase_admin set search_path = "$user", public, auth, extensions;
alter role supabase_admin set log_statement = none;
