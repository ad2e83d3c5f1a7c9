-- Content and configuration: announcements for an audience and a time window, feature flags (global,
-- per-user overrides, stable percentage rollout), and the per-user sync document with optimistic
-- concurrency.

-- ============================================================================================
-- types
-- ============================================================================================

create type public.announcement_audience as enum ('all', 'free', 'pro', 'admins');
comment on type public.announcement_audience is 'Who sees an announcement: everyone, a tier, or admins.';

-- ============================================================================================
-- tables
-- ============================================================================================

create table public.announcements (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(title) between 1 and 200),
  body text not null check (char_length(body) between 1 and 10000),
  audience public.announcement_audience not null default 'all',
  starts_at timestamptz not null default now(),
  ends_at timestamptz,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint announcements_window_in_order check (ends_at is null or ends_at > starts_at)
);
comment on table public.announcements is 'Messages admins publish to an audience for a time window; users read the active ones meant for them.';
create index announcements_active_idx on public.announcements (starts_at, ends_at);
create index announcements_created_by_idx on public.announcements (created_by);

create table public.feature_flags (
  key text primary key check (key ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
  description text not null default '' check (char_length(description) <= 1000),
  -- Global switch: off means off for everyone without an override.
  enabled boolean not null default false,
  -- When enabled, the share of users (0-100) who get it; stable per user (hash of key and user id).
  rollout_percent smallint not null default 100 check (rollout_percent between 0 and 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.feature_flags is 'Feature flags: global on/off and a percentage rollout stable per user; read with is_feature_enabled(key).';

create table public.feature_flag_overrides (
  flag_key text not null references public.feature_flags (key) on delete cascade on update cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  enabled boolean not null,
  created_at timestamptz not null default now(),
  primary key (flag_key, user_id)
);
comment on table public.feature_flag_overrides is 'Per-user flag values that win over the global switch and the rollout; set by admins.';
create index feature_flag_overrides_user_id_idx on public.feature_flag_overrides (user_id);

create table public.user_documents (
  user_id uuid primary key default auth.uid() references auth.users (id) on delete cascade,
  document jsonb not null default '{}'::jsonb check (jsonb_typeof(document) = 'object'),
  -- Incremented by exactly one on every write; a write that does not claim the next version is stale.
  version bigint not null default 1 check (version >= 1),
  updated_at timestamptz not null default now()
);
comment on table public.user_documents is 'One JSON sync document per user with a version: a write based on a stale version is rejected, never silently applied.';

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger set_updated_at before update on public.announcements
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.feature_flags
  for each row execute function private.set_updated_at();

-- Optimistic concurrency on direct writes too: an update must set version = current + 1.
create function private.user_documents_check_version()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.version := 1;
  elsif new.version is distinct from old.version + 1 then
    raise exception 'stale document version %: the current version is %', new.version - 1, old.version
      using errcode = 'PT409', hint = 'Read the document again and re-apply your change.';
  end if;
  new.updated_at := now();
  return new;
end;
$$;

create trigger user_documents_check_version before insert or update on public.user_documents
  for each row execute function private.user_documents_check_version();

create function private.announcements_log()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.log_activity(null,
    case tg_op when 'INSERT' then 'admin.announcement_created' when 'UPDATE' then 'admin.announcement_updated'
      else 'admin.announcement_deleted' end, 'announcement',
    coalesce(new.id, old.id)::text, jsonb_build_object('audience', coalesce(new.audience, old.audience)), auth.uid());
  return null;
end;
$$;

create trigger announcements_log after insert or update or delete on public.announcements
  for each row execute function private.announcements_log();

-- ============================================================================================
-- helpers
-- ============================================================================================

-- The bucket (0-99) of a user for a flag: the first 32 bits of sha256(key || ':' || user id), mod 100.
-- Functions can compute the same value in TypeScript with Web Crypto.
create function private.rollout_bucket(flag_key text, user_id uuid)
returns integer
language sql
immutable
security invoker
set search_path = ''
as $$
  select (('x' || substr(encode(extensions.digest(flag_key || ':' || user_id::text, 'sha256'), 'hex'), 1, 8))::bit(32)::bigint % 100)::integer
$$;
grant execute on function private.rollout_bucket(text, uuid) to anon, authenticated, service_role;

-- ============================================================================================
-- grants and RLS
-- ============================================================================================

alter table public.announcements enable row level security;
alter table public.feature_flags enable row level security;
alter table public.feature_flag_overrides enable row level security;
alter table public.user_documents enable row level security;

revoke all on table public.announcements, public.feature_flags, public.feature_flag_overrides,
  public.user_documents from anon, authenticated, service_role;

grant select, delete on table public.announcements to authenticated;
grant insert (title, body, audience, starts_at, ends_at), update (title, body, audience, starts_at, ends_at)
  on table public.announcements to authenticated;
-- anon reads flags too: is_feature_enabled() answers anonymous callers (full rollouts only).
grant select on table public.feature_flags, public.feature_flag_overrides to anon;
grant select, delete on table public.feature_flags to authenticated;
grant insert (key, description, enabled, rollout_percent), update (description, enabled, rollout_percent)
  on table public.feature_flags to authenticated;
grant select, delete on table public.feature_flag_overrides to authenticated;
grant insert (flag_key, user_id, enabled), update (enabled) on table public.feature_flag_overrides to authenticated;
grant select on table public.user_documents to authenticated;
grant insert (document), update (document, version) on table public.user_documents to authenticated;
grant select, insert, update, delete on table public.announcements, public.feature_flags,
  public.feature_flag_overrides, public.user_documents to service_role;

-- announcements: active ones for the caller's audience; admins see and manage all
create policy "Announcements are viewable by their audience while active, and by admins"
  on public.announcements for select to authenticated
  using (
    (select private.is_admin())
    or (
      (select private.active_uid()) is not null
      and starts_at <= now() and (ends_at is null or ends_at > now())
      and (audience = 'all' or audience::text = ((select auth.jwt()) ->> 'tier'))
    )
  );
create policy "Announcements are insertable by admins"
  on public.announcements for insert to authenticated with check ((select private.is_admin()));
create policy "Announcements are updatable by admins"
  on public.announcements for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "Announcements are deletable by admins"
  on public.announcements for delete to authenticated using ((select private.is_admin()));

-- feature flags: readable by everyone (is_feature_enabled needs it; flags hold no secrets); admins manage them
create policy "Feature flags are viewable by everyone"
  on public.feature_flags for select to anon, authenticated
  using (true);
create policy "Feature flags are insertable by admins"
  on public.feature_flags for insert to authenticated with check ((select private.is_admin()));
create policy "Feature flags are updatable by admins"
  on public.feature_flags for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "Feature flags are deletable by admins"
  on public.feature_flags for delete to authenticated using ((select private.is_admin()));

create policy "Flag overrides are viewable by their user and by admins"
  on public.feature_flag_overrides for select to authenticated
  using (user_id = (select private.active_uid()) or (select private.is_admin()));
create policy "Flag overrides are insertable by admins"
  on public.feature_flag_overrides for insert to authenticated with check ((select private.is_admin()));
create policy "Flag overrides are updatable by admins"
  on public.feature_flag_overrides for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "Flag overrides are deletable by admins"
  on public.feature_flag_overrides for delete to authenticated using ((select private.is_admin()));

-- sync documents: the owner only
create policy "User documents are viewable by their owner"
  on public.user_documents for select to authenticated
  using (user_id = (select private.active_uid()));
create policy "User documents are insertable by their owner"
  on public.user_documents for insert to authenticated
  with check (user_id = (select private.active_uid()));
create policy "User documents are updatable by their owner"
  on public.user_documents for update to authenticated
  using (user_id = (select private.active_uid()))
  with check (user_id = (select private.active_uid()));

-- ============================================================================================
-- API functions
-- ============================================================================================

-- Whether a flag is on for the caller: their override if any, else off when the flag is off or unknown,
-- else on when their stable bucket is inside the rollout. Anonymous callers get full rollouts only.
-- Invoker: reads the flag and the caller's own override through RLS.
create function public.is_feature_enabled(flag_key text)
returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
  -- active_uid(): a deleted or suspended account is answered like anon (its overrides are hidden too).
  select coalesce(
    (select o.enabled from public.feature_flag_overrides o
      where o.flag_key = is_feature_enabled.flag_key and o.user_id = (select private.active_uid())),
    (select f.enabled and (
        f.rollout_percent = 100
        or ((select private.active_uid()) is not null
            and private.rollout_bucket(f.key, (select private.active_uid())) < f.rollout_percent))
      from public.feature_flags f where f.key = is_feature_enabled.flag_key),
    false)
$$;
comment on function public.is_feature_enabled(text) is 'True when the flag is on for the caller (override, global switch, stable percentage rollout).';

-- Saves the caller's sync document if expected_version is the current one (0 when there is none yet).
-- Returns the new version; a stale expected_version raises PT409 (HTTP 409 through PostgREST).
create function public.save_user_document(document jsonb, expected_version bigint)
returns bigint
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  uid uuid := (select private.active_uid());
  current_version bigint;
  new_version bigint;
begin
  if uid is null then
    raise exception 'sign in to save your document' using errcode = '42501';
  end if;
  if expected_version is null or expected_version < 0 then
    raise exception 'expected_version is required (0 when there is no document yet)' using errcode = '22023';
  end if;
  if document is null or jsonb_typeof(document) <> 'object' then
    raise exception 'document must be a JSON object' using errcode = '22023';
  end if;
  select d.version into current_version from public.user_documents d where d.user_id = uid for update;
  if coalesce(current_version, 0) <> expected_version then
    raise exception 'stale document version %: the current version is %', expected_version, coalesce(current_version, 0)
      using errcode = 'PT409', hint = 'Read the document again and re-apply your change.';
  end if;
  if current_version is null then
    -- Two first saves at once: the loser finds the row there and gets the same 409 as any stale write.
    insert into public.user_documents (document) values (save_user_document.document)
      on conflict (user_id) do nothing
      returning version into new_version;
    if new_version is null then
      raise exception 'stale document version 0: a document was saved meanwhile' using errcode = 'PT409',
        hint = 'Read the document again and re-apply your change.';
    end if;
  else
    update public.user_documents d set document = save_user_document.document, version = d.version + 1
      where d.user_id = uid returning d.version into new_version;
  end if;
  return new_version;
end;
$$;
comment on function public.save_user_document(jsonb, bigint) is 'Optimistic-concurrency write of the caller''s sync document; stale versions get HTTP 409.';

revoke execute on function public.is_feature_enabled(text), public.save_user_document(jsonb, bigint) from public;
grant execute on function public.is_feature_enabled(text) to anon, authenticated, service_role;
grant execute on function public.save_user_document(jsonb, bigint) to authenticated;
