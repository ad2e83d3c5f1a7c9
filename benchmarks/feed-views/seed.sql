-- Feed-views benchmark data: two destinations with the same number of public plans, one of them with many
-- view rows. Runs as postgres on the benchmark's throwaway cluster, after the migrations:
--
--   psql "$(db_url 54374)" -v ON_ERROR_STOP=1 -f benchmarks/feed-views/seed.sql [-v views=1000000]
--
--   users   100 auth users + profiles
--   plans   2 x 1,000 public plans, destinations 'Quiet' and 'Popular', interleaved in published_at
--   views   the 100 newest 'Popular' plans (the feed's first 5 pages) share :views view rows (default
--           1,000,000: 10,000 each), the 'Quiet' plans have none. Inserted set-based (record_plan_view for
--           a million distinct viewers would take an hour) with the counters record_plan_view keeps
--           (plan_view_counts), computed from the rows; measure.mjs checks that they agree before timing.

\if :{?views}
\else
\set views 1000000
\endif

\timing on
set client_min_messages = warning;

begin;

insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data,
  created_at, updated_at, confirmation_token, recovery_token, email_change_token_new, email_change
)
select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
  'feed' || n || '@bench.tripmaster.test', '', now(), '{"provider": "email", "providers": ["email"]}'::jsonb,
  jsonb_build_object('display_name', 'Traveller ' || n), now(), now(), '', '', '', ''
from generate_series(1, 100) n;

create temp table bench_users on commit drop as
select id, row_number() over (order by id) as n from public.profiles where display_name like 'Traveller %';

-- published_at set by hand (the trigger would give every row the same now()); the two destinations
-- alternate, so both feeds walk the same index the same way.
alter table public.plans disable trigger plans_track_publication;
alter table public.plans disable trigger plans_log_changes;
insert into public.plans (user_id, title, destination, start_date, end_date, visibility, published_at, summary)
select u.id, d.name || ' trip ' || g.n, d.name, date '2027-05-01', date '2027-05-05', 'public',
  now() - make_interval(mins => g.n * 2 + d.k), 'Five days of ' || d.name
from generate_series(1, 1000) g(n)
cross join (values ('Quiet', 0), ('Popular', 1)) d(name, k)
join bench_users u on u.n = 1 + g.n % 100;
alter table public.plans enable trigger plans_track_publication;
alter table public.plans enable trigger plans_log_changes;

insert into public.plan_views (plan_id, viewed_on, viewer_key)
select p.id, current_date - (v % 60), encode(sha256(convert_to(p.id::text || ':' || v, 'UTF8')), 'hex')
from (select id from public.plans where destination = 'Popular' order by published_at desc limit 100) p
cross join generate_series(1, (:views / 100)) v;

insert into public.plan_view_counts (plan_id, views, last_viewed_on)
select v.plan_id, count(*), max(v.viewed_on) from public.plan_views v group by v.plan_id
on conflict (plan_id) do update set views = excluded.views, last_viewed_on = excluded.last_viewed_on;

commit;

vacuum analyze public.profiles, public.plans, public.plan_views, public.plan_view_counts, auth.users;

\timing off
select (select count(*) from public.plans where visibility = 'public') as public_plans,
  (select count(*) from public.plan_views) as plan_views;
