-- 30_storage.sql: the `storage` schema in the shape the hosted Supabase
-- platform has once the Storage server has run its tenant migrations, limited
-- to what this project touches (buckets, objects, helpers, delete guard).
-- Written from the hosted platform's documented shape (Supabase Storage's schema
-- and helpers); no upstream file is copied.
--
-- This is platform setup, not a project migration: the bootstrap superuser
-- `supabase_admin` applies it once to a brand-new cluster, after the roles
-- file and 20_auth.sql.
--
-- Shape notes:
--   * tables and functions are owned by supabase_storage_admin;
--   * buckets and objects have row level security enabled and no policies:
--     projects write their own;
--   * anon, authenticated and service_role hold all privileges on buckets and
--     objects, so RLS is the only guard;
--   * direct deletes are refused (42501) unless the transaction sets
--     storage.allow_delete_query = 'true', as the Storage server does.

create schema if not exists storage authorization supabase_admin;

grant usage on schema storage to postgres, anon, authenticated, service_role;
grant all on schema storage to supabase_storage_admin;

alter default privileges for role supabase_storage_admin in schema storage
  grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_storage_admin in schema storage
  grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_storage_admin in schema storage
  grant all on sequences to postgres, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- types and tables
-- ---------------------------------------------------------------------------

create type storage.buckettype as enum ('STANDARD', 'ANALYTICS', 'VECTOR');
alter type storage.buckettype owner to supabase_storage_admin;

create table storage.buckets (
  id text not null,
  name text not null,
  owner uuid,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  public boolean default false,
  avif_autodetection boolean default false,
  file_size_limit bigint,
  allowed_mime_types text[],
  owner_id text,
  type storage.buckettype not null default 'STANDARD',
  versioning_status text not null default 'DISABLED',
  constraint buckets_pkey primary key (id)
);

comment on table storage.buckets is
  'Storage: one row per bucket; the Storage API manages rows, RLS policies decide who may see or change them.';
comment on column storage.buckets.owner is
  'Field is deprecated, use owner_id instead';

create unique index bname on storage.buckets using btree (name);

create table storage.objects (
  id uuid not null default gen_random_uuid(),
  bucket_id text,
  name text,
  owner uuid,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  last_accessed_at timestamptz default now(),
  metadata jsonb,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text,
  owner_id text,
  user_metadata jsonb,
  archived_at timestamptz,
  is_delete_marker boolean not null default false,
  is_versioned boolean not null default false,
  constraint objects_pkey primary key (id),
  constraint "objects_bucketId_fkey" foreign key (bucket_id) references storage.buckets (id)
);

comment on table storage.objects is
  'Storage: one row per stored object (file); owner_id is the uploader''s JWT sub as text.';
comment on column storage.objects.owner is
  'Field is deprecated, use owner_id instead';

create unique index bucketid_objname on storage.objects using btree (bucket_id, name);
create index name_prefix_search on storage.objects using btree (name text_pattern_ops);
create index idx_objects_bucket_id_name on storage.objects using btree (bucket_id, name collate "C");

create table storage.migrations (
  id integer not null,
  name varchar(100) not null,
  hash varchar(40) not null,
  executed_at timestamp default current_timestamp,
  constraint migrations_pkey primary key (id),
  constraint migrations_name_key unique (name)
);

comment on table storage.migrations is
  'Storage: tenant migrations of the Storage server that have been applied.';

alter table storage.buckets owner to supabase_storage_admin;
alter table storage.objects owner to supabase_storage_admin;
alter table storage.migrations owner to supabase_storage_admin;

alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;

grant all on storage.buckets, storage.objects to anon, authenticated, service_role;
grant all on storage.buckets, storage.objects to postgres with grant option;
-- storage.migrations gets what the default privileges above would have given
-- it had supabase_storage_admin created it, as the Storage server does.
grant all on storage.migrations to anon, authenticated, service_role;
grant all on storage.migrations to postgres with grant option;

-- ---------------------------------------------------------------------------
-- path helpers
-- ---------------------------------------------------------------------------

-- 'a/b/c.png' -> {a,b}: every path segment except the last.
create function storage.foldername(name text)
returns text[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  segments text[] := pg_catalog.string_to_array(name, '/');
begin
  return segments[1 : pg_catalog.array_length(segments, 1) - 1];
end;
$$;

-- 'a/b/c.png' -> 'c.png': the last path segment.
create function storage.filename(name text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  segments text[] := pg_catalog.string_to_array(name, '/');
begin
  return segments[pg_catalog.array_length(segments, 1)];
end;
$$;

-- 'a/b.c.png' -> 'png': the text after the last dot of the file name. A file
-- name without a dot comes back whole, as on the platform.
create function storage.extension(name text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  segments text[] := pg_catalog.string_to_array(name, '/');
  file_name text := segments[pg_catalog.array_length(segments, 1)];
begin
  return pg_catalog.reverse(pg_catalog.split_part(pg_catalog.reverse(file_name), '.', 1));
end;
$$;

-- the operation the Storage server is performing, if it said so.
create function storage.operation()
returns text
language plpgsql
stable
set search_path = ''
as $$
begin
  return pg_catalog.current_setting('storage.operation', true);
end;
$$;

-- ---------------------------------------------------------------------------
-- triggers
-- ---------------------------------------------------------------------------

-- statement-level guard: rows of buckets and objects are deleted through the
-- Storage API, which sets storage.allow_delete_query for its transaction.
create function storage.protect_delete()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if coalesce(pg_catalog.current_setting('storage.allow_delete_query', true), '') <> 'true' then
    raise exception 'Direct deletion from storage tables is not allowed. Use the Storage API instead.'
      using errcode = '42501',
            hint = 'Deleting rows directly would orphan the stored files; in tests, run set_config(''storage.allow_delete_query'', ''true'', true) first.';
  end if;
  return null;
end;
$$;

create function storage.update_updated_at_column()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end;
$$;

create function storage.enforce_bucket_name_length()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if pg_catalog.length(new.name) > 100 then
    raise exception 'bucket name "%" is too long (% characters); the maximum is 100',
      new.name, pg_catalog.length(new.name);
  end if;
  return new;
end;
$$;

create trigger protect_buckets_delete
  before delete on storage.buckets
  for each statement execute function storage.protect_delete();

create trigger protect_objects_delete
  before delete on storage.objects
  for each statement execute function storage.protect_delete();

create trigger update_objects_updated_at
  before update on storage.objects
  for each row execute function storage.update_updated_at_column();

create trigger enforce_bucket_name_length_trigger
  before insert or update of name on storage.buckets
  for each row execute function storage.enforce_bucket_name_length();

-- ---------------------------------------------------------------------------
-- function ownership and privileges
-- ---------------------------------------------------------------------------

alter function storage.foldername(text) owner to supabase_storage_admin;
alter function storage.filename(text) owner to supabase_storage_admin;
alter function storage.extension(text) owner to supabase_storage_admin;
alter function storage.operation() owner to supabase_storage_admin;
alter function storage.protect_delete() owner to supabase_storage_admin;
alter function storage.update_updated_at_column() owner to supabase_storage_admin;
alter function storage.enforce_bucket_name_length() owner to supabase_storage_admin;

grant all on all functions in schema storage to postgres, anon, authenticated, service_role;
