#!/usr/bin/env bash
# The project's schema as one sorted, comparable text (bash tests/schema-dump.sh [port] > file).
#
# Written to prove that reorganising the migration series changes nothing: take it before and after, then
# `diff` the two files; only the differences made on purpose may remain. What it holds:
#   - pg_dump --schema-only of the schemas the project owns (public, private, hooks), one statement per
#     record with its "-- Name:" header, the records sorted (pg_dump's order follows object ids, which depend
#     on the order the migrations created things in, not on what they created);
#   - what the project adds to the platform's schemas: triggers on auth and storage tables, policies on
#     storage tables, the storage buckets, the pg_cron jobs, the publications' tables, grants on auth/storage
#     objects to the project's roles, functions the project created there;
#   - the rows of private.settings (every tunable lives there; generated secrets masked).
# Port: $1, else TEST_DB_PORT (the throwaway test database, built by npm run test:setup-db).
set -euo pipefail
source "$(dirname "$0")/../local-stack/lib.sh"

PORT="${1:-$TEST_DB_PORT}"
URL="$(db_url "$PORT" supabase_admin)"
export PGPASSWORD="$LOCAL_DB_PASSWORD"

q() { # a titled, sorted listing
  printf '\n## %s\n' "$1"
  psql -X -q -A -F ' | ' -t -v ON_ERROR_STOP=1 "$URL" -c "$2" | LC_ALL=C sort
}

# pg_dump 15.14+ brackets its output with \restrict <random key>: dropped, like the version lines.
echo "# pg_dump --schema-only -n public -n private -n hooks (records sorted)"
"$PG_BIN/pg_dump" --schema-only -n public -n private -n hooks "$URL" |
  grep -v -E -e '^-- Dumped (from|by)' -e '^\\(un)?restrict ' |
  # One record per "-- Name:" header: header and statement joined on one line, sorted, split again. The
  # GRANT/REVOKE lines of an ACL record are each a record of their own (their order follows the order the
  # grants were made in, which says nothing about the privileges).
  awk 'BEGIN { rec = ""; acl = 0 }
       /^-- Name: / { if (rec != "" && !acl) print rec; rec = $0; hdr = $0; acl = ($0 ~ /Type: ACL;/); next }
       /^--$/ || /^$/ { next }
       acl { print hdr "\x01" $0; next }
       { rec = rec "\x01" $0 }
       END { if (rec != "" && !acl) print rec }' |
  LC_ALL=C sort | tr '\001' '\n' | sed 's/^-- Name: /\n-- Name: /'

q "triggers on auth and storage tables" "
  select n.nspname || '.' || c.relname || ' ' || pg_get_triggerdef(t.oid)
  from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
  where not t.tgisinternal and n.nspname in ('auth', 'storage')"
q "policies on auth and storage tables" "
  select schemaname, tablename, policyname, permissive, roles::text, cmd, qual, with_check
  from pg_policies where schemaname in ('auth', 'storage')"
q "storage buckets" "
  select id, name, public, file_size_limit, allowed_mime_types::text from storage.buckets"
q "cron jobs" "select jobname, schedule, command from cron.job"
q "publication tables" "select pubname, schemaname, tablename from pg_publication_tables"
q "functions the project created in auth, storage, cron, extensions" "
  select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') owner '
    || pg_get_userbyid(p.proowner) || ' acl ' || coalesce(p.proacl::text, '-')
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('auth', 'storage', 'cron', 'extensions') and pg_get_userbyid(p.proowner) = 'postgres'"
q "grants on auth and storage tables to project roles" "
  select table_schema, table_name, grantee, privilege_type from information_schema.role_table_grants
  where table_schema in ('auth', 'storage')
    and grantee in ('authenticated', 'anon', 'service_role', 'supabase_auth_admin', 'postgres')
    and grantor = 'postgres'"
q "grants on auth functions to project roles" "
  select routine_schema, routine_name, grantee, privilege_type from information_schema.role_routine_grants
  where routine_schema in ('auth', 'storage', 'hooks') and grantor = 'postgres'"
q "default privileges" "
  select pg_get_userbyid(d.defaclrole), coalesce(n.nspname, '-'), d.defaclobjtype, d.defaclacl::text
  from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace"
q "extensions" "select extname, n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace"
# Secrets are generated per database (gen_random_bytes): their presence is compared, not their value.
q "private.settings" "
  select key, case when key like '%secret' then '<generated>' else value::text end, description
  from private.settings"
