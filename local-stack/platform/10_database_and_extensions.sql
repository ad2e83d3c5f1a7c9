-- Platform shape, part 2: database ownership, the `extensions` schema and the public schema's privileges.
-- Applied by supabase_admin to a new cluster (see 00_roles.sql).

-- Hosted: postgres owns database postgres (migrate.sh), so `supabase db push` can create its
-- supabase_migrations schema.
alter database postgres owner to postgres;

create schema if not exists extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role, dashboard_user;
grant all on schema extensions to postgres with grant option;

-- The extensions every hosted project starts with. Created here so `create extension if not exists`
-- in a migration is a no-op, as it is on hosted.
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists pg_stat_statements with schema extensions;

-- public: usage for the API roles; everything in it was created by postgres (hosted) or supabase_admin.
alter schema public owner to postgres;
grant usage on schema public to postgres, anon, authenticated, service_role;
grant all on schema public to postgres;

-- The image's default privileges: new objects made by postgres or supabase_admin in public are granted
-- in full to the API roles...
alter default privileges for role postgres in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on sequences to postgres, anon, authenticated, service_role;

-- ...and the CLI then revokes them when config.toml says `[api] auto_expose_new_tables = false`
-- (our setting, the cloud default for new projects): tables, sequences and functions must be granted
-- explicitly. Migrations in this project revoke and grant explicitly, so they are correct either way.
alter default privileges for role postgres in schema public revoke select, insert, update, delete on tables from anon, authenticated, service_role;
alter default privileges for role postgres in schema public revoke usage, select on sequences from anon, authenticated, service_role;
alter default privileges for role postgres in schema public revoke execute on functions from anon, authenticated, service_role;

-- JWT settings the CLI writes for its local database.
alter database postgres set "app.settings.jwt_secret" = 'super-secret-jwt-token-with-at-least-32-characters-long';
alter database postgres set "app.settings.jwt_exp" = '3600';
