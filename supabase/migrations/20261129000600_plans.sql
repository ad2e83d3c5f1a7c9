-- Trip plans: plans -> days -> items, share links, per-day view counting, the public feed and stats.
-- Owners have full control of their plans. Anyone reads public plans; an unlisted plan is readable only
-- through a valid share token (get_shared_plan); nobody reads another user's private plan, through a
-- table, a join or an RPC. Deleting a plan soft-deletes it (hidden everywhere); the purge of a deleted
-- account removes rows for good.

-- ============================================================================================
-- types
-- ============================================================================================

create type public.plan_visibility as enum ('private', 'unlisted', 'public');
comment on type public.plan_visibility is 'private: owner only; unlisted: owner + share-token holders; public: everyone (and the feed).';

create type public.time_slot as enum ('morning', 'afternoon', 'evening', 'night');
comment on type public.time_slot is 'Part of the day a plan item belongs to.';

-- ============================================================================================
-- tables
-- ============================================================================================

create table public.plans (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  title text not null check (char_length(title) between 1 and 200),
  destination text not null check (char_length(destination) between 1 and 200),
  -- ISO 3166-1 alpha-2 of the destination, when known
  country_code public.country_code,
  start_date date not null,
  end_date date not null,
  adults smallint not null default 1 check (adults between 1 and 20),
  children smallint not null default 0 check (children between 0 and 20),
  budget_amount numeric(12, 2) check (budget_amount is null or budget_amount >= 0),
  -- ISO 4217; the currency of the budget and of every item's estimated cost
  currency public.currency_code not null default 'EUR',
  interests text[] not null default '{}' check (cardinality(interests) <= 30),
  pace text not null default 'moderate' check (pace in ('relaxed', 'moderate', 'packed')),
  language public.language_tag not null default 'en',
  -- IANA time zone of the destination: plan times are local to it (calendar exports convert with it).
  timezone text not null default 'UTC' check (timezone ~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$' and char_length(timezone) <= 64),
  summary text check (summary is null or char_length(summary) <= 5000),
  tips text[] not null default '{}' check (cardinality(tips) <= 50),
  markdown text check (markdown is null or char_length(markdown) <= 200000),
  visibility public.plan_visibility not null default 'private',
  -- When the plan last became public: the feed's order.
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  -- False while the owner's account is suspended or deleted (kept by triggers): the policies read it.
  owner_active boolean not null default true,
  constraint plans_dates_in_order check (end_date >= start_date),
  constraint plans_at_most_60_days check (end_date - start_date < 60),
  constraint plans_dates_in_range check (start_date between date '1900-01-01' and date '2199-12-31'
    and end_date between date '1900-01-01' and date '2199-12-31')
);
comment on table public.plans is 'Trip plans. Owner: full control; public plans readable by anyone; unlisted through a share token; soft-deleted rows are hidden everywhere.';

-- My plans, newest first (keyset on created_at, id).
create index plans_user_id_created_at_idx on public.plans (user_id, created_at desc, id desc) where deleted_at is null;
-- The public feed, newest first, optionally by destination (keyset on published_at, id).
create index plans_public_feed_idx on public.plans (published_at desc, id desc)
  where visibility = 'public' and deleted_at is null;
create index plans_public_feed_destination_idx on public.plans (lower(destination), published_at desc, id desc)
  where visibility = 'public' and deleted_at is null;

-- What a plan was made from that is nobody else's business even when the plan is public: the traveller's
-- accessibility needs and the full generation request. Owner-only, one row per plan.
create table public.plan_private_details (
  plan_id uuid primary key references public.plans (id) on delete cascade,
  accessibility_needs text check (accessibility_needs is null or char_length(accessibility_needs) <= 1000),
  -- The generation request that produced the plan, kept for reproduction.
  request jsonb check (request is null or jsonb_typeof(request) = 'object'),
  created_at timestamptz not null default now()
);
comment on table public.plan_private_details is 'Owner-only details of a plan (accessibility needs, the generation request); never visible with the plan.';

create table public.plan_days (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references public.plans (id) on delete cascade,
  day_number smallint not null check (day_number between 1 and 60),
  date date not null,
  title text check (title is null or char_length(title) <= 200),
  summary text check (summary is null or char_length(summary) <= 2000),
  created_at timestamptz not null default now(),
  unique (plan_id, day_number),
  constraint plan_days_date_in_range check (date between date '1900-01-01' and date '2199-12-31')
);
comment on table public.plan_days is 'The days of a plan; readable whenever the plan is, writable by the plan''s owner.';

create table public.plan_items (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references public.plans (id) on delete cascade,
  day_id uuid not null references public.plan_days (id) on delete cascade,
  position smallint not null check (position between 0 and 99),
  time_slot public.time_slot not null,
  start_time time,
  title text not null check (char_length(title) between 1 and 200),
  description text check (description is null or char_length(description) <= 4000),
  place_name text check (place_name is null or char_length(place_name) <= 200),
  latitude numeric(9, 6) check (latitude between -90 and 90),
  longitude numeric(9, 6) check (longitude between -180 and 180),
  estimated_cost numeric(12, 2) check (estimated_cost is null or estimated_cost >= 0),
  currency public.currency_code not null default 'EUR',
  booking_url text check (booking_url is null or booking_url ~ '^https?://[^\s]+$' and char_length(booking_url) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (day_id, position),
  constraint plan_items_coordinates_together check ((latitude is null) = (longitude is null))
);
comment on table public.plan_items is 'Items of a plan day (time slot, place, coordinates, estimated cost in the plan currency, booking link).';

create index plan_days_plan_id_idx on public.plan_days (plan_id, day_number);
create index plan_items_plan_id_idx on public.plan_items (plan_id, day_id, position);

create table public.plan_shares (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references public.plans (id) on delete cascade,
  -- 32 random bytes, URL-safe: unguessable. Readable only by the plan's owner.
  token text not null unique default translate(encode(extensions.gen_random_bytes(32), 'base64'), '+/=', '-_'),
  expires_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
comment on table public.plan_shares is 'Share links of a plan: an unguessable token, optional expiry, revocable. Owner-only.';
create index plan_shares_plan_id_idx on public.plan_shares (plan_id);

create table public.plan_views (
  plan_id uuid not null references public.plans (id) on delete cascade,
  viewed_on date not null default current_date,
  -- sha256 of the viewer's user id, or of ip + user agent for anonymous viewers: no raw identifiers.
  viewer_key text not null check (viewer_key ~ '^[0-9a-f]{64}$'),
  primary key (plan_id, viewed_on, viewer_key)
);
comment on table public.plan_views is 'One row per viewer per plan per day (refreshes do not inflate it); written only by record_plan_view().';

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger set_updated_at before update on public.plan_items
  for each row execute function private.set_updated_at();

-- published_at follows visibility: set when a plan becomes public, cleared when it stops being public.
create function private.plans_track_publication()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if new.visibility = 'public' and (tg_op = 'INSERT' or old.visibility <> 'public') then
    new.published_at := now();
  elsif new.visibility <> 'public' then
    new.published_at := null;
  end if;
  return new;
end;
$$;

create trigger plans_track_publication before insert or update of visibility on public.plans
  for each row execute function private.plans_track_publication();

-- A DELETE from the API soft-deletes (the row stays, hidden everywhere, until the account purge).
-- Deletes cascading from auth.users (the purge, or Auth's admin delete) go through: they run from inside
-- the foreign key's trigger (depth > 1). SECURITY DEFINER: the soft delete writes deleted_at regardless of
-- the column grants; the caller's own DELETE policy has already decided whether the row may go.
create function private.plans_soft_delete()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if pg_trigger_depth() > 1 then
    return old;
  end if;
  if current_setting('private.plan_trash_purge', true) = 'on' and old.deleted_at is not null
    and old.deleted_at <= now() - private.plan_trash_interval() then
    return old;
  end if;
  update public.plans set deleted_at = now(), visibility = 'private' where id = old.id and deleted_at is null;
  perform private.log_activity(old.user_id, 'plan.deleted', 'plan', old.id::text, '{}'::jsonb,
    case when auth.uid() is distinct from old.user_id then auth.uid() end);
  return null;
end;
$$;

create trigger plans_soft_delete before delete on public.plans
  for each row execute function private.plans_soft_delete();

create function private.plans_log_changes()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.log_activity(new.user_id, 'plan.created', 'plan', new.id::text,
      jsonb_build_object('visibility', new.visibility));
  elsif new.visibility is distinct from old.visibility and new.deleted_at is null then
    perform private.log_activity(new.user_id, 'plan.visibility_changed', 'plan', new.id::text,
      jsonb_build_object('from', old.visibility, 'to', new.visibility));
  end if;
  return null;
end;
$$;

create trigger plans_log_changes after insert or update of visibility on public.plans
  for each row execute function private.plans_log_changes();

create function private.plan_shares_log()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.log_activity(
    (select p.user_id from public.plans p where p.id = new.plan_id),
    case when tg_op = 'INSERT' then 'plan.shared' else 'plan.share_revoked' end,
    'plan', new.plan_id::text, jsonb_build_object('share_id', new.id, 'expires_at', new.expires_at));
  return null;
end;
$$;

-- Revoking a share link is final: revoked_at can be set once and never cleared or moved.
create function private.plan_shares_revocation_is_final()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'a revoked share link cannot be restored; create a new one' using errcode = '22023';
  end if;
  return new;
end;
$$;

create trigger plan_shares_revocation_is_final before update of revoked_at on public.plan_shares
  for each row execute function private.plan_shares_revocation_is_final();

create trigger plan_shares_log_insert after insert on public.plan_shares
  for each row execute function private.plan_shares_log();
create trigger plan_shares_log_revoke after update of revoked_at on public.plan_shares
  for each row when (new.revoked_at is not null and old.revoked_at is null)
  execute function private.plan_shares_log();

-- ============================================================================================
-- helpers
-- ============================================================================================

-- The plan a valid share token opens (the plan must be unlisted or public and not deleted), else null.
create function private.plan_id_for_share_token(share_token text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select s.plan_id
  from public.plan_shares s
  join public.plans p on p.id = s.plan_id
  where s.token = share_token
    and s.revoked_at is null
    and (s.expires_at is null or s.expires_at > now())
    and p.deleted_at is null
    and p.owner_active
    and p.visibility in ('unlisted', 'public')
$$;

-- A plan with its days and items as one JSON document (no authorization here: callers decide).
create function private.plan_document(target_plan_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', p.id, 'title', p.title, 'destination', p.destination, 'country_code', p.country_code,
    'start_date', p.start_date, 'end_date', p.end_date, 'timezone', p.timezone, 'adults', p.adults,
    'children', p.children,
    'budget_amount', p.budget_amount, 'currency', p.currency, 'interests', p.interests, 'pace', p.pace,
    'language', p.language, 'summary', p.summary,
    'tips', p.tips, 'markdown', p.markdown, 'visibility', p.visibility, 'published_at', p.published_at,
    'created_at', p.created_at, 'updated_at', p.updated_at,
    'creator_display_name', pr.display_name,
    'days', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', d.id, 'day_number', d.day_number, 'date', d.date, 'title', d.title, 'summary', d.summary,
        'items', coalesce((
          select jsonb_agg(jsonb_build_object(
            'id', i.id, 'position', i.position, 'time_slot', i.time_slot, 'start_time', i.start_time,
            'title', i.title, 'description', i.description, 'place_name', i.place_name,
            'latitude', i.latitude, 'longitude', i.longitude, 'estimated_cost', i.estimated_cost,
            'currency', i.currency, 'booking_url', i.booking_url) order by i.position)
          from public.plan_items i where i.day_id = d.id), '[]'::jsonb)
      ) order by d.day_number)
      from public.plan_days d where d.plan_id = p.id), '[]'::jsonb)
  )
  from public.plans p
  join public.profiles pr on pr.id = p.user_id
  where p.id = target_plan_id
$$;

create function private.get_shared_plan(share_token text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  target uuid := private.plan_id_for_share_token(share_token);
begin
  if target is null then
    raise exception 'share link is invalid, revoked or expired' using errcode = 'PT404';
  end if;
  return private.plan_document(target);
end;
$$;

-- View keys are keyed hashes (HMAC with a secret of this database), so an owner reading plan_views cannot
-- test guesses of who viewed (user ids, IP + user agent) against them.

grant execute on function private.get_shared_plan(text) to anon, authenticated, service_role;

-- ============================================================================================
-- grants and RLS
-- ============================================================================================

alter table public.plans enable row level security;
alter table public.plan_days enable row level security;
alter table public.plan_items enable row level security;
alter table public.plan_shares enable row level security;
alter table public.plan_private_details enable row level security;
alter table public.plan_views enable row level security;

revoke all on table public.plans, public.plan_days, public.plan_items, public.plan_shares, public.plan_views,
  public.plan_private_details from anon, authenticated, service_role;

grant select on table public.plans, public.plan_days, public.plan_items to anon, authenticated;
grant insert (title, destination, country_code, start_date, end_date, adults, children, budget_amount, currency,
  interests, pace, language, timezone, summary, tips, markdown, visibility)
  on table public.plans to authenticated;
grant update (title, destination, country_code, start_date, end_date, adults, children, budget_amount, currency,
  interests, pace, language, timezone, summary, tips, markdown, visibility)
  on table public.plans to authenticated;
grant delete on table public.plans to authenticated;

grant insert (plan_id, day_number, date, title, summary), update (day_number, date, title, summary), delete
  on table public.plan_days to authenticated;
grant insert (plan_id, day_id, position, time_slot, start_time, title, description, place_name, latitude, longitude,
  estimated_cost, currency, booking_url),
  update (day_id, position, time_slot, start_time, title, description, place_name, latitude, longitude,
  estimated_cost, currency, booking_url), delete
  on table public.plan_items to authenticated;

grant select, delete on table public.plan_shares to authenticated;
grant select on table public.plan_private_details to authenticated;
grant insert (plan_id, accessibility_needs, request), update (accessibility_needs)
  on table public.plan_private_details to authenticated;
grant insert (plan_id, expires_at), update (expires_at, revoked_at) on table public.plan_shares to authenticated;
grant select on table public.plan_views to authenticated;

grant select, insert, update, delete on table public.plans, public.plan_days, public.plan_items,
  public.plan_shares, public.plan_views, public.plan_private_details to service_role;

-- plans

create policy "Plans are insertable by their owner"
  on public.plans for insert to authenticated
  with check (user_id = (select private.active_uid()));
create policy "Plans are updatable by their owner"
  on public.plans for update to authenticated
  using (user_id = (select private.active_uid()) and deleted_at is null)
  with check (user_id = (select private.active_uid()));
create policy "Plans are deletable by their owner"
  on public.plans for delete to authenticated
  using (user_id = (select private.active_uid()) and deleted_at is null);

-- days and items: readable when their plan is (the subquery applies the plans policies), writable by the
-- plan's owner.
create policy "Plan days are viewable with their plan"
  on public.plan_days for select to anon, authenticated
  using (exists (select 1 from public.plans p where p.id = plan_id));
create policy "Plan days are insertable by the plan owner"
  on public.plan_days for insert to authenticated
  with check (exists (select 1 from public.plans p
    where p.id = plan_id and p.user_id = (select private.active_uid()) and p.deleted_at is null));
create policy "Plan days are updatable by the plan owner"
  on public.plan_days for update to authenticated
  using (exists (select 1 from public.plans p
    where p.id = plan_id and p.user_id = (select private.active_uid()) and p.deleted_at is null))
  with check (exists (select 1 from public.plans p
    where p.id = plan_id and p.user_id = (select private.active_uid()) and p.deleted_at is null));
create policy "Plan days are deletable by the plan owner"
  on public.plan_days for delete to authenticated
  using (exists (select 1 from public.plans p
    where p.id = plan_id and p.user_id = (select private.active_uid()) and p.deleted_at is null));

create policy "Plan items are viewable with their plan"
  on public.plan_items for select to anon, authenticated
  using (exists (select 1 from public.plans p where p.id = plan_id));
create policy "Plan items are insertable by the plan owner"
  on public.plan_items for insert to authenticated
  with check (exists (select 1 from public.plans p
    where p.id = plan_id and p.user_id = (select private.active_uid()) and p.deleted_at is null)
    and exists (select 1 from public.plan_days d where d.id = day_id and d.plan_id = plan_items.plan_id));
create policy "Plan items are updatable by the plan owner"
  on public.plan_items for update to authenticated
  using (exists (select 1 from public.plans p
    where p.id = plan_id and p.user_id = (select private.active_uid()) and p.deleted_at is null))
  with check (exists (select 1 from public.plans p
    where p.id = plan_id and p.user_id = (select private.active_uid()) and p.deleted_at is null)
    and exists (select 1 from public.plan_days d where d.id = day_id and d.plan_id = plan_items.plan_id));
create policy "Plan items are deletable by the plan owner"
  on public.plan_items for delete to authenticated
  using (exists (select 1 from public.plans p
    where p.id = plan_id and p.user_id = (select private.active_uid()) and p.deleted_at is null));

-- private details: the plan's owner only, whatever the plan's visibility
create policy "Plan private details are viewable by the plan owner"
  on public.plan_private_details for select to authenticated
  using (exists (select 1 from public.plans p where p.id = plan_id and p.user_id = (select private.active_uid())));
create policy "Plan private details are insertable by the plan owner"
  on public.plan_private_details for insert to authenticated
  with check (exists (select 1 from public.plans p
    where p.id = plan_id and p.user_id = (select private.active_uid()) and p.deleted_at is null));
create policy "Plan private details are updatable by the plan owner"
  on public.plan_private_details for update to authenticated
  using (exists (select 1 from public.plans p where p.id = plan_id and p.user_id = (select private.active_uid())))
  with check (exists (select 1 from public.plans p where p.id = plan_id and p.user_id = (select private.active_uid())));

-- shares: the plan's owner only
create policy "Plan shares are viewable by the plan owner"
  on public.plan_shares for select to authenticated
  using (exists (select 1 from public.plans p where p.id = plan_id and p.user_id = (select private.active_uid())));
create policy "Plan shares are insertable by the plan owner"
  on public.plan_shares for insert to authenticated
  with check (exists (select 1 from public.plans p
    where p.id = plan_id and p.user_id = (select private.active_uid()) and p.deleted_at is null));
create policy "Plan shares are updatable by the plan owner"
  on public.plan_shares for update to authenticated
  using (exists (select 1 from public.plans p where p.id = plan_id and p.user_id = (select private.active_uid())))
  with check (exists (select 1 from public.plans p where p.id = plan_id and p.user_id = (select private.active_uid())));
create policy "Plan shares are deletable by the plan owner"
  on public.plan_shares for delete to authenticated
  using (exists (select 1 from public.plans p where p.id = plan_id and p.user_id = (select private.active_uid())));

-- views: counted only through record_plan_view(); the plan's owner may read the (hashed) rows
create policy "Plan views are viewable by the plan owner"
  on public.plan_views for select to authenticated
  using (exists (select 1 from public.plans p where p.id = plan_id and p.user_id = (select private.active_uid())));

-- ============================================================================================
-- API functions (SECURITY INVOKER wrappers; the definer parts live in `private`)
-- ============================================================================================

create function public.get_shared_plan(share_token text)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.get_shared_plan(share_token)
$$;
comment on function public.get_shared_plan(text) is 'An unlisted or public plan with its days and items, opened by a valid share token (404 otherwise).';

revoke execute on function public.get_shared_plan(text) from public;
grant execute on function public.get_shared_plan(text) to anon, authenticated, service_role;

-- Plan dates within a range every consumer can handle (issue 8, finding 7). Postgres accepts dates from
-- 4713 BC to 5874897 AD, but RFC 5545 (the plan calendar), JavaScript clients and email templates write
-- four-digit years: a public plan dated in year 10000 or BC made its calendar fail for every viewer.
-- 1900-01-01 .. 2199-12-31 covers any real trip (past trips included) with room to spare.
--
-- The checks are plans_dates_in_range and plan_days_date_in_range, in the two tables above.

comment on constraint plans_dates_in_range on public.plans is
  'Trip dates between 1900 and 2199: years every calendar, client and email template can write.';
comment on constraint plan_days_date_in_range on public.plan_days is
  'Day dates between 1900 and 2199, like the plan''s.';

-- The rule for content of suspended and deleted accounts, on every read path:
--
--   A plan whose owner's account is suspended or deleted is served to nobody through the API: not to
--   anon, not to other users, not to admins' tokens, not to the owner (whose token maps to no active
--   account), whatever the plan's visibility or share links. Only the service role (support tooling, which
--   bypasses RLS) reads it. Unsuspending an account serves its public plans and valid share links again.
--
-- Paths: the plans select policy (and through it plan_days, plan_items and plan_view_counts, whose
-- policies ask for the plan), share tokens (private.plan_id_for_share_token, behind get_shared_plan and
-- record_plan_view), public_feed, record_plan_view and my_plan_stats (see the view-counting migration);
-- the plan-calendar function reads only through these.
--
-- How: plans.owner_active mirrors "the owner's profile is neither suspended nor deleted", kept by triggers
-- in the same transaction as the change of the account state. A column rather than a lookup of profiles
-- in the policy: the policy stays a plain filter on the plan row (a function call or a join per row would
-- be paid for every day and item read through the plan_days / plan_items policies; see benchmarks/rls).

comment on column public.plans.owner_active is 'False while the owner''s account is suspended or deleted: the plan is then served to nobody (maintained by triggers; nobody sets it).';

-- owner_active is always computed, never taken from the writer: on insert, on a change of owner, and on
-- any write that names the column (the sync below, or a service-role update trying to set it).
-- SECURITY DEFINER: it runs for whoever writes a plan (a user, the service role, definer code) and reads
-- the owner's profile, which is otherwise readable only by its owner.
create function private.plans_set_owner_active()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.owner_active := coalesce((select pr.deleted_at is null and pr.suspended_at is null
    from public.profiles pr where pr.id = new.user_id), false);
  return new;
end;
$$;

-- Named to sort before set_updated_at: BEFORE triggers fire in name order, and set_updated_at's WHEN
-- looks at the value this one computed.
create trigger plans_owner_active before insert or update of user_id, owner_active on public.plans
  for each row execute function private.plans_set_owner_active();

-- A change of account state is not an edit of the plans: their updated_at stays.

create trigger set_updated_at before update on public.plans
  for each row when (old.owner_active is not distinct from new.owner_active)
  execute function private.set_updated_at();

-- Suspension, unsuspension, deletion: the plans follow in the same transaction. SECURITY DEFINER: the
-- state changes come from definer code (admin_set_suspended, request_account_deletion) or the service
-- role, and the plans must follow whoever made them.
create function private.profiles_sync_plans_owner_active()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  active boolean := new.deleted_at is null and new.suspended_at is null;
begin
  update public.plans set owner_active = active where user_id = new.id and owner_active is distinct from active;
  return null;
end;
$$;

create trigger profiles_sync_plans_owner_active after update of suspended_at, deleted_at on public.profiles
  for each row when (old.suspended_at is distinct from new.suspended_at or old.deleted_at is distinct from new.deleted_at)
  execute function private.profiles_sync_plans_owner_active();

-- Accounts suspended or deleted before this migration.

-- The select policy: an active owner reads their own plans; everyone reads public plans of active owners.
-- (owner_active is true whenever user_id = active_uid(); it is tested once for both branches.)

create policy "Plans are viewable by their owner and, when public, by everyone"
  on public.plans for select to anon, authenticated
  using (deleted_at is null and owner_active
    and (visibility = 'public' or user_id = (select private.active_uid())));

-- The plan trash: deleting a plan already soft-deletes it (20261129000600_plans.sql). Here the owner lists
-- their trashed plans and restores one within the retention period (30 days), and a daily pg_cron job
-- deletes older ones for good. The plans SELECT policies are left as they are (deleted rows stay hidden
-- from every table read): the trash is reached only through the two functions below, SECURITY INVOKER
-- wrappers over definer helpers in `private`.
-- A restored plan comes back private (the delete reset its visibility), so nothing is republished behind
-- the owner's back and its share links open nothing until the owner makes it unlisted or public again.
-- The trash: the owner's deleted plans, newest deletion first, with the date each will be purged.
create index plans_trash_idx on public.plans (user_id, deleted_at desc) where deleted_at is not null;
