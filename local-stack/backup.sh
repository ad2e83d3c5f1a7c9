#!/usr/bin/env bash
# Backup and restore of the local stack's data (npm run db:backup / npm run db:restore <file>).
#
#   bash local-stack/backup.sh backup [file]    dump the data to file (default .stack/backups/<stack>-<UTC time>.sql)
#   bash local-stack/backup.sh restore <file>   replace the data of the local database with the file's
#
# What is in a backup: the rows, never the schema (migrations are the schema). The rows of every table in the
# schemas the project created (owned by `postgres`, the role migrations run as: public, private, hooks; not
# the CLI's supabase_migrations nor the test helpers), and the rows the project keeps in the platform's auth
# and storage schemas (users, identities, sessions, MFA factors; buckets and object metadata), without the
# platform's own bookkeeping (their migrations tables). Not the platform schemas themselves (cron, extensions,
# graphql, ...), and not the Storage files (bytes live outside Postgres).
# A backup records the migrations it was taken at; restore refuses a database at other migrations (migrate
# or reset it first), then, in one transaction as the bootstrap superuser, empties those tables and loads
# the file with triggers off (the rows are loaded exactly as they were: no audit row, no email, no
# append-only guard). Works on a running stack; the functions see the old data or the new, never a mix.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

STACK_NAME="${STACK_NAME:-db}"
DB_DIR="$(cluster_dir "$STACK_NAME")"
PORT="$DEV_DB_PORT"

# The tables a backup holds, one qualified, quoted name a line.
TABLES_SQL="select format('%I.%I', n.nspname, c.relname)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and not c.relispartition and (
    (pg_get_userbyid(n.nspowner) = 'postgres' and n.nspname not in ('supabase_migrations', 'tests'))
    or (n.nspname = 'auth' and c.relname <> 'schema_migrations')
    or (n.nspname = 'storage' and c.relname <> 'migrations'))
  order by 1"
MIGRATIONS_SQL="select coalesce(string_agg(version, ',' order by version), '') from supabase_migrations.schema_migrations"
HEADER="-- tripmaster-backup migrations="

ensure_running() {
  cluster_ready "$DB_DIR" || die "no local database in $DB_DIR: npm run stack (or stack:reset) first"
  cluster_start "$DB_DIR"
}

backup() {
  local file="${1:-$STACK_DIR/backups/$STACK_NAME-$(date -u +%Y%m%dT%H%M%SZ).sql}" tables args=() t tmp
  ensure_running
  mkdir -p "$(dirname "$file")"
  tables="$(psql_as "$PORT" supabase_admin -tAc "$TABLES_SQL")"
  for t in $tables; do args+=(--table="$t"); done
  tmp="$file.partial"
  {
    echo "$HEADER$(psql_as "$PORT" supabase_admin -tAc "$MIGRATIONS_SQL")"
    echo "-- tables: $(echo "$tables" | tr '\n' ' ')"
    PGPASSWORD="$LOCAL_DB_PASSWORD" "$PG_BIN/pg_dump" --data-only --no-owner --no-privileges \
      --dbname="$(db_url "$PORT" supabase_admin)" "${args[@]}"
  } >"$tmp" || { rm -f "$tmp"; die "pg_dump failed"; }
  mv "$tmp" "$file"
  log "backup written: $file ($(echo "$tables" | wc -l) tables, $(du -h "$file" | cut -f1))"
  echo "$file"
}

restore() {
  local file="${1:-}" want have tables
  [ -n "$file" ] || die "usage: npm run db:restore <file>"
  [ -f "$file" ] || die "no such file: $file"
  want="$(head -n 1 "$file")"
  [[ "$want" == "$HEADER"* ]] || die "$file is not a TripMaster backup (npm run db:backup writes one)"
  want="${want#"$HEADER"}"
  ensure_running
  have="$(psql_as "$PORT" supabase_admin -tAc "$MIGRATIONS_SQL")"
  if [ "$want" != "$have" ]; then
    die "the backup was taken at other migrations than this database has; bring the database to the backup's
  migrations first (npm run stack:reset on a checkout of that version).
  backup:   ${want##*,} ($(echo "$want" | tr ',' '\n' | grep -c .) migrations)
  database: ${have##*,} ($(echo "$have" | tr ',' '\n' | grep -c .) migrations)"
  fi
  tables="$(psql_as "$PORT" supabase_admin -tAc "$TABLES_SQL" | paste -sd, -)"
  psql_as "$PORT" supabase_admin --single-transaction \
    -c "set session_replication_role = replica" \
    -c "truncate table $tables restart identity" \
    -f "$file" >/dev/null || die "restore failed: the database is unchanged"
  log "restored $file"
}

case "${1:-}" in
  backup) backup "${2:-}" ;;
  restore) restore "${2:-}" ;;
  *) die "usage: backup.sh backup [file] | restore <file>" ;;
esac
