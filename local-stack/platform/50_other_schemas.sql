-- Platform shape: the remaining schemas a hosted project has and this project may reference.
-- realtime / vault / graphql are not reproduced (nothing here uses them).

-- `supabase_functions` (database webhooks); owned by supabase_functions_admin as on hosted.
create schema if not exists supabase_functions authorization supabase_functions_admin;
grant usage on schema supabase_functions to postgres, anon, authenticated, service_role;

-- graphql_public is listed in the Data API's default exposed schemas; keep it so the config matches.
create schema if not exists graphql_public;
grant usage on schema graphql_public to postgres, anon, authenticated, service_role;

-- The empty publication every project has (Realtime adds tables to it).
create publication supabase_realtime;
