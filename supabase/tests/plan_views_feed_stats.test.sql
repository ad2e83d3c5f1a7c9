-- record_plan_view (one view per viewer per plan per day, never the owner's own), public_feed (public plans
-- of live accounts, newest first, keyset pages, destination filter, clamped page size) and my_plan_stats
-- (the caller's own totals only).
begin;
select plan(56);

-- Fixtures (as postgres) -----------------------------------------------------------------------------
select tests.create_user('owner@example.test', '{"display_name": "Olive Owner"}') as owner \gset
select tests.create_user('author@example.test', '{"display_name": "Bruno Author"}') as author \gset
select tests.create_user('viewer1@example.test') as viewer1 \gset
select tests.create_user('viewer2@example.test') as viewer2 \gset
select tests.create_user('gone@example.test', '{"display_name": "Gone Soon"}') as gone \gset
select tests.create_user('benched@example.test', '{"display_name": "Sam Suspended"}') as benched \gset
select tests.create_user('stats@example.test') as stats_user \gset

-- Plans for view counting
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Viewed', 'Vienna', '2027-03-01', '2027-03-02', 'public') returning id as view_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Unlisted', 'Graz', '2027-03-01', '2027-03-02', 'unlisted') returning id as unlisted_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Private', 'Linz', '2027-03-01', '2027-03-02', 'private') returning id as private_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Deleted', 'Salzburg', '2027-03-01', '2027-03-02', 'public') returning id as deleted_plan \gset
update public.plans set deleted_at = now() where id = :'deleted_plan';
insert into public.plan_shares (plan_id) values (:'unlisted_plan') returning token as unlisted_token \gset

-- Feed plans: distinct published_at values (set explicitly; inserts stamp now()), far ahead of any other row
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'author', 'F1', 'Lisbon', '2027-04-01', '2027-04-02', 'public') returning id as f1 \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'F2', 'Porto', '2027-04-01', '2027-04-02', 'public') returning id as f2 \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'F3', 'LISBON', '2027-04-01', '2027-04-02', 'public') returning id as f3 \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'F4', 'Rome', '2027-04-01', '2027-04-02', 'public') returning id as f4 \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'F5', 'lisbon', '2027-04-01', '2027-04-02', 'public') returning id as f5 \gset
update public.plans set published_at = '2090-01-01 12:00+00' where id = :'f1';
update public.plans set published_at = '2090-01-01 11:00+00' where id = :'f2';
update public.plans set published_at = '2090-01-01 10:00+00' where id = :'f3';
update public.plans set published_at = '2090-01-01 09:00+00' where id = :'f4';
update public.plans set published_at = '2090-01-01 08:00+00' where id = :'f5';
-- Two plans published at the same instant, and one just before: the id breaks the tie
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'T1', 'Tie', '2027-04-01', '2027-04-02', 'public') returning id as t1 \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'T2', 'Tie', '2027-04-01', '2027-04-02', 'public') returning id as t2 \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'T3', 'Tie', '2027-04-01', '2027-04-02', 'public') returning id as t3 \gset
update public.plans set published_at = '2089-06-01 00:00+00' where id in (:'t1', :'t2');
update public.plans set published_at = '2089-05-31 23:59+00' where id = :'t3';
select greatest(:'t1'::uuid, :'t2'::uuid) as tie_high, least(:'t1'::uuid, :'t2'::uuid) as tie_low \gset
-- Plans the feed must leave out, dated so they would top it if they were let in
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Deleted but public', 'Lisbon', '2027-04-01', '2027-04-02', 'public') returning id as feed_deleted \gset
update public.plans set published_at = '2091-01-01 00:00+00', deleted_at = now() where id = :'feed_deleted';
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'gone', 'Of a deleted account', 'Lisbon', '2027-04-01', '2027-04-02', 'public') returning id as gone_plan \gset
update public.plans set published_at = '2091-01-01 00:00+00' where id = :'gone_plan';
update public.profiles set deleted_at = now() where id = :'gone';
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'benched', 'Of a suspended account', 'Bruges', '2027-04-01', '2027-04-02', 'public') returning id as benched_plan \gset
update public.plans set published_at = '2085-01-01 00:00+00' where id = :'benched_plan';
update public.profiles set suspended_at = now() where id = :'benched';
-- Enough older public plans to test the page-size cap
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
select :'author', 'Filler ' || n, 'Filler', '2027-04-01', '2027-04-02', 'public' from generate_series(1, 105) n;
update public.plans set published_at = '2080-01-01 00:00+00'::timestamptz - make_interval(mins => substr(title, 8)::int)
  where user_id = :'author' and destination = 'Filler';

-- Plans for stats: lisbon x3 (three spellings), porto x2, five single destinations, one deleted
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'stats_user', 'S1', 'Lisbon', '2027-02-01', '2027-02-02', 'public') returning id as s_lisbon \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'stats_user', 'S2', 'Porto', '2027-02-01', '2027-02-02', 'public') returning id as s_porto \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'stats_user', 'S3', 'LISBON', '2027-02-01', '2027-02-02', 'private'),
       (:'stats_user', 'S4', 'lisbon', '2027-02-01', '2027-02-02', 'unlisted'),
       (:'stats_user', 'S5', 'porto', '2027-02-01', '2027-02-02', 'private'),
       (:'stats_user', 'S6', 'Berlin', '2027-02-01', '2027-02-02', 'private'),
       (:'stats_user', 'S7', 'Madrid', '2027-02-01', '2027-02-02', 'private'),
       (:'stats_user', 'S8', 'Oslo', '2027-02-01', '2027-02-02', 'private'),
       (:'stats_user', 'S9', 'Rome', '2027-02-01', '2027-02-02', 'private'),
       (:'stats_user', 'S10', 'Zagreb', '2027-02-01', '2027-02-02', 'private'),
       (:'stats_user', 'S11', 'Atlantis', '2027-02-01', '2027-02-02', 'private'),
       (:'stats_user', 'S12', 'Atlantis', '2027-02-01', '2027-02-02', 'private');
update public.plans set deleted_at = now() where user_id = :'stats_user' and destination = 'Atlantis';

-- record_plan_view: signed-in viewers ----------------------------------------------------------------
select tests.authenticate_as(:'viewer1');
select is(public.record_plan_view(:'view_plan'), 1::bigint, 'a first view is counted');
select is(public.record_plan_view(:'view_plan'), 1::bigint, 'the same viewer on the same day is counted once');
select tests.authenticate_as(:'viewer2');
select is(public.record_plan_view(:'view_plan'), 2::bigint, 'another viewer adds one');
select tests.authenticate_as(:'owner');
select is(public.record_plan_view(:'view_plan'), 2::bigint, 'the owner''s own view is not counted');

-- record_plan_view: anonymous viewers, keyed on ip + user agent
select tests.authenticate_as_anon();
select set_config('request.headers', '{"x-forwarded-for":"203.0.113.9","user-agent":"ua"}', true);
select is(public.record_plan_view(:'view_plan'), 3::bigint, 'an anonymous view is counted');
select is(public.record_plan_view(:'view_plan'), 3::bigint, 'the same ip and user agent are counted once');
select set_config('request.headers', '{"x-forwarded-for":"203.0.113.9, 10.0.0.1","user-agent":"ua"}', true);
select is(public.record_plan_view(:'view_plan'), 3::bigint, 'the client ip is the first x-forwarded-for hop (proxies do not matter)');
select set_config('request.headers', '{"x-forwarded-for":"203.0.113.9","user-agent":"another ua"}', true);
select is(public.record_plan_view(:'view_plan'), 4::bigint, 'another user agent on the same ip adds one');
select set_config('request.headers', '{"x-forwarded-for":"198.51.100.7","user-agent":"ua"}', true);
select is(public.record_plan_view(:'view_plan'), 5::bigint, 'another ip with the same user agent adds one');

-- Who reads the counted rows
select tests.authenticate_as(:'owner');
select is((select count(*)::int from public.plan_views where plan_id = :'view_plan'), 5, 'the owner reads one row per counted view');
select is((select count(*)::int from public.plan_views where plan_id = :'view_plan' and viewer_key ~ '^[0-9a-f]{64}$'), 5,
  'viewer keys are hashes, not raw identifiers');
select is_empty(format($$select 1 from public.plan_views where plan_id = %L
  and viewer_key = encode(extensions.digest('user:' || %L, 'sha256'), 'hex')$$, :'view_plan', :'viewer1'),
  'viewer keys are keyed hashes: hashing a guessed user id does not match them');
select tests.clear_authentication();
select is((select count(*)::int from public.activity_log where action = 'plan.viewed' and entity_id = :'view_plan'), 5,
  'each counted view (and only those) writes a plan.viewed activity row for the owner');
select is(
  (select count(*)::int from public.activity_log where action = 'plan.viewed' and entity_id = :'view_plan'
    and actor_id is null and ip is null and user_agent is null),
  5, 'the owner''s activity rows do not say who viewed, nor from where');
select tests.authenticate_as(:'owner');
select tests.authenticate_as(:'viewer1');
select is_empty(format('select 1 from public.plan_views where plan_id = %L', :'view_plan'),
  'a viewer cannot read another owner''s view rows');

-- record_plan_view: what may be counted
select tests.authenticate_as_anon();
select is(public.record_plan_view(:'unlisted_plan', :'unlisted_token'), 1::bigint,
  'an unlisted plan is counted with a valid share token');
select throws_ok(format('select public.record_plan_view(%L)', :'unlisted_plan'), 'PT404', 'plan not found',
  'anon cannot count a view of an unlisted plan without its token');
select throws_ok(format('select public.record_plan_view(%L)', :'private_plan'), 'PT404', 'plan not found',
  'anon cannot count a view of a private plan');
select throws_ok(format('select public.record_plan_view(%L)', :'deleted_plan'), 'PT404', 'plan not found',
  'anon cannot count a view of a deleted plan');
select tests.authenticate_as(:'viewer1');
select throws_ok(format('select public.record_plan_view(%L)', :'unlisted_plan'), 'PT404', 'plan not found',
  'another user cannot count a view of an unlisted plan without its token');
select throws_ok(format($$select public.record_plan_view(%L, 'not-a-real-token')$$, :'unlisted_plan'), 'PT404', 'plan not found',
  'another user cannot count a view of an unlisted plan with a wrong token');
select throws_ok(format('select public.record_plan_view(%L)', :'private_plan'), 'PT404', 'plan not found',
  'another user cannot count a view of a private plan');
select throws_ok(format('select public.record_plan_view(%L)', gen_random_uuid()), 'PT404', 'plan not found',
  'an unknown plan is a 404');

-- plan_views is written only through record_plan_view
select throws_ok(
  format($$insert into public.plan_views (plan_id, viewer_key) values (%L, repeat('a', 64))$$, :'view_plan'),
  '42501', 'permission denied for table plan_views', 'a signed-in user cannot insert view rows directly');
select tests.authenticate_as(:'owner');
select throws_ok(format($$delete from public.plan_views where plan_id = %L$$, :'view_plan'),
  '42501', 'permission denied for table plan_views', 'not even the owner can delete view rows');
select tests.authenticate_as_anon();
select throws_ok(
  format($$insert into public.plan_views (plan_id, viewer_key) values (%L, repeat('a', 64))$$, :'view_plan'),
  '42501', 'permission denied for table plan_views', 'anon cannot insert view rows directly');
select throws_ok('select * from public.plan_views', '42501', 'permission denied for table plan_views',
  'anon cannot read view rows');

-- public_feed ----------------------------------------------------------------------------------------
select results_eq('select id from public.public_feed(null, null, null, 3)',
  format('values (%L::uuid), (%L::uuid), (%L::uuid)', :'f1', :'f2', :'f3'),
  'the feed lists public plans newest first by published_at');
select published_at as page1_last_at, id as page1_last_id from public.public_feed(null, null, null, 3) offset 2 \gset
select results_eq(format('select id from public.public_feed(null, %L, %L, 2)', :'page1_last_at', :'page1_last_id'),
  format('values (%L::uuid), (%L::uuid)', :'f4', :'f5'),
  'page 2, from the last row''s (published_at, id), continues without overlap or gap');
select results_eq(format('select id from public.public_feed(null, %L, %L, 2)', '2089-06-01 00:00+00', :'tie_high'),
  format('values (%L::uuid), (%L::uuid)', :'tie_low', :'t3'),
  'a page boundary inside a published_at tie continues with the lower id, then older plans');
select is((select creator_display_name from public.public_feed(null, null, null, 1)), 'Bruno Author',
  'the feed names each plan''s creator');
select is((select creator_display_name from public.public_feed(null, null, null, 2) where id = :'f2'), 'Olive Owner',
  'creator names are per plan');
select is((select view_count from public.public_feed('Vienna', null, null, 5) where id = :'view_plan'), 5::bigint,
  'the feed carries the view count');
select is_empty(format('select 1 from public.public_feed(null, null, null, 100) where id = %L', :'feed_deleted'),
  'a soft-deleted plan is not in the feed');
select is_empty(format('select 1 from public.public_feed(null, null, null, 100) where id = %L', :'gone_plan'),
  'a plan of a deleted account is not in the feed');
select is_empty(
  format('select 1 from public.public_feed(null, null, null, 100) where id in (%L, %L, %L)',
    :'unlisted_plan', :'private_plan', :'deleted_plan'),
  'unlisted, private and deleted plans are not in the feed');
select is_empty(format('select 1 from public.public_feed(null, null, null, 100) where id = %L', :'benched_plan'),
  'a plan of a suspended account is not in the feed');
select results_eq($$select id from public.public_feed('lisbon', null, null, 10)$$,
  format('values (%L::uuid), (%L::uuid), (%L::uuid), (%L::uuid)', :'f1', :'f3', :'f5', :'s_lisbon'),
  'the destination filter is case-insensitive and keeps the order');
select results_eq($$select id from public.public_feed('  LISBON ', null, null, 10)$$,
  format('values (%L::uuid), (%L::uuid), (%L::uuid), (%L::uuid)', :'f1', :'f3', :'f5', :'s_lisbon'),
  'the destination filter ignores surrounding spaces');
select is_empty($$select 1 from public.public_feed('Lis', null, null, 100)$$, 'the destination filter matches whole names');
select is((select count(*)::int from public.public_feed(null, null, null, 0)), 1, 'page_size 0 is raised to 1');
select is((select count(*)::int from public.public_feed(null, null, null, -5)), 1, 'a negative page_size is raised to 1');
select is((select count(*)::int from public.public_feed(null, null, null, 1000)), 100, 'page_size is capped at 100');
select is((select count(*)::int from public.public_feed(null, null, null, null)), 20, 'a null page_size means 20');
select is((select count(*)::int from public.public_feed()), 20, 'the defaults give the first 20 plans');
select tests.authenticate_as(:'viewer1');
select results_eq('select id from public.public_feed(null, null, null, 3)',
  format('values (%L::uuid), (%L::uuid), (%L::uuid)', :'f1', :'f2', :'f3'),
  'signed-in users get the same feed');

-- my_plan_stats --------------------------------------------------------------------------------------
select tests.authenticate_as(:'viewer1');
select is(public.record_plan_view(:'s_lisbon'), 1::bigint, 'viewer 1 views a stats plan');
select is(public.record_plan_view(:'s_porto'), 1::bigint, 'viewer 1 views another stats plan');
select tests.authenticate_as(:'viewer2');
select is(public.record_plan_view(:'s_lisbon'), 2::bigint, 'viewer 2 views a stats plan');

select tests.authenticate_as(:'stats_user');
select public.my_plan_stats() as stats \gset
select is((:'stats'::jsonb) - 'views' - 'top_destinations', '{"total": 10, "public": 2, "unlisted": 1, "private": 7}'::jsonb,
  'the caller''s totals by visibility leave deleted plans out');
select is((:'stats'::jsonb) -> 'views', '3'::jsonb, 'the caller''s total views');
select is(
  (select array_agg(lower(e ->> 'destination') || ':' || (e ->> 'plans') order by ord)
   from jsonb_array_elements((:'stats'::jsonb) -> 'top_destinations') with ordinality as t(e, ord)),
  array['lisbon:3', 'porto:2', 'berlin:1', 'madrid:1', 'oslo:1'],
  'top 5 destinations, grouped case-insensitively, most plans first, deleted plans left out');

select tests.authenticate_as(:'viewer1');
select is(public.my_plan_stats(),
  '{"total": 0, "public": 0, "unlisted": 0, "private": 0, "views": 0, "top_destinations": []}'::jsonb,
  'another user''s stats hold none of the stats user''s plans or views');
select tests.authenticate_as(:'owner');
select is((public.my_plan_stats() -> 'total')::int, 10,
  'the owner''s total counts their own live plans only');

select tests.authenticate_as_anon();
select throws_ok('select public.my_plan_stats()', '42501', 'permission denied for function my_plan_stats',
  'anon cannot call my_plan_stats');

select tests.clear_authentication();
update public.profiles set suspended_at = now() where id = :'stats_user';
select tests.authenticate_as(:'stats_user');
select is((public.my_plan_stats() -> 'total')::int, 0, 'a suspended account gets empty stats');

select * from finish();
rollback;
