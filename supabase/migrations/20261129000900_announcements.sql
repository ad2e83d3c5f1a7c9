-- Announcements: messages admins publish to an audience (everyone, a tier, admins) for a time window; users
-- read the active ones meant for them. Every change is logged.

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

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger set_updated_at before update on public.announcements
  for each row execute function private.set_updated_at();

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
-- grants and RLS
-- ============================================================================================

alter table public.announcements enable row level security;

revoke all on table public.announcements from anon, authenticated, service_role;

grant select, delete on table public.announcements to authenticated;
grant insert (title, body, audience, starts_at, ends_at), update (title, body, audience, starts_at, ends_at)
  on table public.announcements to authenticated;

grant select, insert, update, delete on table public.announcements to service_role;

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
