-- View counting a client cannot inflate, and counters so reads never count view rows.
--
-- Who is a viewer: a signed-in (active) user by user id; anyone else by the client IP the platform's
-- proxy saw (private.request_client_ip(), the trusted X-Forwarded-For hop; an IPv6 address by its /64,
-- the block one subscriber gets), never by the user agent or a client-written X-Forwarded-For entry.
-- Still one view per viewer per plan per day (plan_views).
-- Anonymous counting is rate-limited per source: at most anon_view_rate_limit new views per
-- anon_view_rate_window_seconds (private.settings); past it views are simply not counted.
-- The owner's activity log gets at most one plan.viewed row per plan per day, whatever the traffic.
-- Totals live in plan_view_counts, kept in the same transaction as the view row: the feed, the stats and
-- record_plan_view read one row per plan instead of counting view rows.
-- ============================================================================================
-- tables
-- ============================================================================================

create table public.plan_view_counts (
  plan_id uuid primary key references public.plans (id) on delete cascade,
  views bigint not null default 0 check (views >= 0),
  -- The day of the last counted view: the first view of a day writes the day's plan.viewed activity row.
  last_viewed_on date not null default current_date
);
comment on table public.plan_view_counts is 'Total counted views per plan (one row per viewed plan), kept by record_plan_view() with plan_views; readable with its plan.';

-- Fixed-window counters of anonymous views per source. The source is the HMAC viewer key (no raw IPs).
create table private.anon_view_rate (
  source_key text not null,
  window_start timestamptz not null,
  counted integer not null default 0,
  primary key (source_key, window_start)
);
comment on table private.anon_view_rate is 'Anonymous view-counting windows per source (keyed hash of the client IP); trimmed hourly.';
create index anon_view_rate_window_start_idx on private.anon_view_rate (window_start);

-- Counters for the views already recorded.

alter table public.plan_view_counts enable row level security;
revoke all on table public.plan_view_counts from anon, authenticated, service_role;
grant select on table public.plan_view_counts to anon, authenticated, service_role;

-- The count is shown wherever the plan is (the feed shows it too); the plans policies decide.
create policy "Plan view counts are viewable with their plan"
  on public.plan_view_counts for select to anon, authenticated
  using (exists (select 1 from public.plans p where p.id = plan_id));

-- ============================================================================================
-- helpers
-- ============================================================================================

-- The anonymous viewer of the current request: 'ip:<address>' for IPv4, 'ip:<network>/64' for IPv6, or
-- 'ip:unknown' when the request carries no usable client IP (all such callers are one viewer).
create function private.anonymous_viewer()
returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  ip inet := private.request_client_ip();
begin
  if ip is null then
    return 'ip:unknown';
  elsif family(ip) = 6 then
    return 'ip:' || host(network(set_masklen(ip, 64))) || '/64';
  end if;
  return 'ip:' || host(ip);
end;
$$;
comment on function private.anonymous_viewer() is 'The anonymous viewer key source: the trusted client IP (IPv6 by /64).';
revoke execute on function private.anonymous_viewer() from public, anon, authenticated, service_role;

-- Takes one unit of the source's budget in the current window; false when the window is used up.
create function private.take_anon_view_budget(viewer_source text)
returns boolean
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  window_seconds integer := greatest(private.setting_int('anon_view_rate_window_seconds'), 1);
  max_views integer := greatest(private.setting_int('anon_view_rate_limit'), 0);
  window_begin timestamptz := to_timestamp(floor(extract(epoch from now()) / window_seconds) * window_seconds);
begin
  if max_views = 0 then
    return false;
  end if;
  insert into private.anon_view_rate as r (source_key, window_start, counted)
  values (viewer_source, window_begin, 1)
  on conflict on constraint anon_view_rate_pkey do update set counted = r.counted + 1
    where r.counted < max_views;
  return found;
end;
$$;
comment on function private.take_anon_view_budget(text) is 'Fixed-window rate limit of anonymous view counting per source.';
revoke execute on function private.take_anon_view_budget(text) from public, anon, authenticated, service_role;

create function private.trim_anon_view_rate()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  deleted integer;
begin
  delete from private.anon_view_rate
  where window_start < now() - make_interval(secs => greatest(private.setting_int('anon_view_rate_window_seconds'), 1));
  get diagnostics deleted = row_count;
  return deleted;
end;
$$;
comment on function private.trim_anon_view_rate() is 'Deletes finished anonymous view-counting windows (pg_cron, hourly).';
revoke execute on function private.trim_anon_view_rate() from public, anon, authenticated, service_role;

select cron.schedule('anon-view-rate-trim', '41 * * * *', 'select private.trim_anon_view_rate()');

-- ============================================================================================
-- record_plan_view, public_feed, my_plan_stats
-- ============================================================================================

-- Counts one view per viewer per plan per day of a plan the caller may read (public, own, or a valid
-- share token; never a plan of a suspended or deleted account); the owner's own views are not counted.
-- Returns the plan's total view count.
create function private.record_plan_view(target_plan_id uuid, share_token text)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  plan record;
  -- A suspended or deleted account views like anon (active_uid() is null for it).
  uid uuid := private.active_uid();
  key text;
  total bigint;
begin
  select p.id, p.user_id, p.visibility into plan
    from public.plans p where p.id = target_plan_id and p.deleted_at is null and p.owner_active;
  -- coalesce: for anon uid is null and a wrong token gives null; not (false or null) is null, which would
  -- let the view through.
  if not found
    or not coalesce(plan.visibility = 'public'
      or plan.user_id = uid
      or (share_token is not null and private.plan_id_for_share_token(share_token) = plan.id), false) then
    raise exception 'plan not found' using errcode = 'PT404';
  end if;

  if uid is distinct from plan.user_id then
    -- A keyed hash (HMAC with a secret of this database), so nobody reading plan_views can test guesses.
    key := encode(extensions.hmac(
      case when uid is not null then 'user:' || uid::text else private.anonymous_viewer() end,
      (select s.value #>> '{}' from private.settings s where s.key = 'view_key_secret'), 'sha256'), 'hex');
    -- Already counted today: no budget spent, nothing written.
    if not exists (select 1 from public.plan_views v
        where v.plan_id = plan.id and v.viewed_on = current_date and v.viewer_key = key)
      and (uid is not null or private.take_anon_view_budget(key)) then
      insert into public.plan_views (plan_id, viewed_on, viewer_key)
      values (plan.id, current_date, key)
      on conflict do nothing;
      if found then
        update public.plan_view_counts c set views = c.views + 1
          where c.plan_id = plan.id and c.last_viewed_on >= current_date
          returning c.views into total;
        if not found then
          -- The first counted view of the day (or ever): the WHERE keeps a concurrent first view from
          -- taking this branch twice.
          insert into public.plan_view_counts as c (plan_id, views, last_viewed_on)
          values (plan.id, 1, current_date)
          on conflict (plan_id) do update set views = c.views + 1, last_viewed_on = current_date
            where c.last_viewed_on < current_date
          returning c.views into total;
          if found then
            -- The owner's log says their plan was viewed that day, not by whom nor how often.
            perform private.log_activity(plan.user_id, 'plan.viewed', 'plan', plan.id::text,
              jsonb_build_object('on', current_date));
          else
            update public.plan_view_counts c set views = c.views + 1 where c.plan_id = plan.id
              returning c.views into total;
          end if;
        end if;
        return total;
      end if;
    end if;
  end if;

  return coalesce((select c.views from public.plan_view_counts c where c.plan_id = plan.id), 0);
end;
$$;

-- The public feed: newest public plans of active accounts with the creator's display name and the view
-- count (one counter row per plan, whatever the number of views). Keyset pagination on (published_at, id).
-- SECURITY DEFINER to read creators' display names, which are otherwise private.
create function private.public_feed(
  destination_filter text,
  after_published_at timestamptz,
  after_id uuid,
  page_size integer
)
returns table (
  id uuid, title text, destination text, country_code text, start_date date, end_date date,
  currency text, budget_amount numeric, summary text, published_at timestamptz, creator_display_name text,
  view_count bigint
)
language sql
stable
security definer
set search_path = ''
as $$
  select p.id, p.title, p.destination, p.country_code, p.start_date, p.end_date, p.currency, p.budget_amount,
    p.summary, p.published_at, pr.display_name,
    coalesce((select c.views from public.plan_view_counts c where c.plan_id = p.id), 0)
  from public.plans p
  join public.profiles pr on pr.id = p.user_id and pr.deleted_at is null and pr.suspended_at is null
  where p.visibility = 'public'
    and p.deleted_at is null
    and p.owner_active
    and (destination_filter is null or lower(p.destination) = lower(btrim(destination_filter)))
    -- One row comparison with coalesced bounds, so the index scan starts at the cursor even in the generic
    -- plan a function body gets (an `is null or ...` would read and drop every row before it). No cursor:
    -- everything; a cursor without an id starts before every plan published at that instant.
    and (p.published_at, p.id) < (coalesce(after_published_at, 'infinity'::timestamptz),
      coalesce(after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid))
  order by p.published_at desc, p.id desc
  limit least(greatest(coalesce(page_size, 20), 1), 100)
$$;

-- The caller's plan statistics. Invoker: it reads only the caller's own plans (and their counters)
-- through RLS; a suspended or deleted account gets zeros.
create function public.my_plan_stats()
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  with mine as (
    select p.id, p.destination, p.visibility from public.plans p
    where p.user_id = (select private.active_uid()) and p.deleted_at is null
  )
  select jsonb_build_object(
    'total', (select count(*) from mine),
    'public', (select count(*) from mine where visibility = 'public'),
    'unlisted', (select count(*) from mine where visibility = 'unlisted'),
    'private', (select count(*) from mine where visibility = 'private'),
    'views', (select coalesce(sum(c.views), 0) from public.plan_view_counts c where c.plan_id in (select id from mine)),
    'top_destinations', coalesce((
      select jsonb_agg(jsonb_build_object('destination', d.destination, 'plans', d.n) order by d.n desc, d.destination)
      from (select min(destination) as destination, count(*) as n from mine
            group by lower(destination) order by count(*) desc, min(destination) limit 5) d), '[]'::jsonb)
  )
$$;

grant execute on function private.record_plan_view(uuid, text) to anon, authenticated, service_role;
grant execute on function private.public_feed(text, timestamptz, uuid, integer) to anon, authenticated, service_role;

create function public.record_plan_view(plan_id uuid, share_token text default null)
returns bigint
language sql
volatile
security invoker
set search_path = ''
as $$
  select private.record_plan_view(plan_id, share_token)
$$;
comment on function public.record_plan_view(uuid, text) is 'Counts a view (once per viewer per day) of a readable plan; returns its total views.';

create function public.public_feed(
  destination text default null,
  after_published_at timestamptz default null,
  after_id uuid default null,
  page_size integer default 20
)
returns table (
  id uuid, title text, destination text, country_code text, start_date date, end_date date,
  currency text, budget_amount numeric, summary text, published_at timestamptz, creator_display_name text,
  view_count bigint
)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.public_feed(destination, after_published_at, after_id, page_size)
$$;
comment on function public.my_plan_stats() is 'The caller''s plan totals by visibility, total views, and top 5 destinations.';
comment on function public.public_feed(text, timestamptz, uuid, integer) is 'Newest public plans with creator names; keyset pagination on (published_at, id); optional destination filter.';

revoke execute on function public.record_plan_view(uuid, text),
  public.public_feed(text, timestamptz, uuid, integer), public.my_plan_stats() from public;
grant execute on function public.record_plan_view(uuid, text),
  public.public_feed(text, timestamptz, uuid, integer) to anon, authenticated, service_role;

grant execute on function public.my_plan_stats() to authenticated;
