-- Feature flags: a global switch, per-user overrides set by admins, and a percentage rollout that is stable
-- per user; read with public.is_feature_enabled(key).

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
create trigger set_updated_at before update on public.feature_flags
  for each row execute function private.set_updated_at();

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
alter table public.feature_flags enable row level security;
alter table public.feature_flag_overrides enable row level security;

revoke all on table public.feature_flags, public.feature_flag_overrides from anon, authenticated, service_role;

-- anon reads flags too: is_feature_enabled() answers anonymous callers (full rollouts only).
grant select on table public.feature_flags, public.feature_flag_overrides to anon;
grant select, delete on table public.feature_flags to authenticated;
grant insert (key, description, enabled, rollout_percent), update (description, enabled, rollout_percent)
  on table public.feature_flags to authenticated;
grant select, delete on table public.feature_flag_overrides to authenticated;
grant insert (flag_key, user_id, enabled), update (enabled) on table public.feature_flag_overrides to authenticated;

grant select, insert, update, delete on table public.feature_flags, public.feature_flag_overrides to service_role;

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

revoke execute on function public.is_feature_enabled(text) from public;

grant execute on function public.is_feature_enabled(text) to anon, authenticated, service_role;
