-- record_plan_view (one view per viewer per plan per day, never the owner's own; anonymous viewers by the trusted
-- client IP, rate-limited per source; one plan.viewed activity row per plan per day; counters), public_feed
-- (public plans of live accounts, newest first, keyset pages, destination filter, clamped page size, view counts
-- from the counters) and my_plan_stats (the caller's own totals only).
begin;
select plan(83);

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

-- record_plan_view: anonymous viewers, keyed on the client IP of the trusted X-Forwarded-For hop (the
-- last entry with the default trusted_proxy_hops = 1); user agent and client-written entries do not count
select tests.authenticate_as_anon();
select set_config('request.headers', '{"x-forwarded-for":"203.0.113.9","user-agent":"ua"}', true);
select is(public.record_plan_view(:'view_plan'), 3::bigint, 'an anonymous view is counted');
select is(public.record_plan_view(:'view_plan'), 3::bigint, 'the same ip is counted once');
select set_config('request.headers', '{"x-forwarded-for":"203.0.113.9","user-agent":"another ua"}', true);
select is(public.record_plan_view(:'view_plan'), 3::bigint, 'another user agent on the same ip is the same viewer');
select set_config('request.headers', '{"x-forwarded-for":"198.51.100.1, 203.0.113.9","user-agent":"ua 2"}', true);
select is(public.record_plan_view(:'view_plan'), 3::bigint,
  'an entry the client wrote before the trusted hop does not make a new viewer');
select set_config('request.headers', '{"x-forwarded-for":"10.9.9.9, 192.0.2.77, 203.0.113.9","user-agent":"ua 3"}', true);
select is(public.record_plan_view(:'view_plan'), 3::bigint, 'nor do several forged entries with yet another user agent');
select set_config('request.headers', '{"x-forwarded-for":"2001:db8:1:2::5"}', true);
select is(public.record_plan_view(:'view_plan'), 4::bigint, 'an IPv6 client is counted');
select set_config('request.headers', '{"x-forwarded-for":"2001:db8:1:2:ffff:ffff:ffff:9"}', true);
select is(public.record_plan_view(:'view_plan'), 4::bigint, 'another address of the same IPv6 /64 is the same viewer');
select set_config('request.headers', '{"x-forwarded-for":"2001:db8:1:3::5"}', true);
select is(public.record_plan_view(:'view_plan'), 5::bigint, 'another /64 is another viewer');
select set_config('request.headers', '{"user-agent":"no forwarded-for"}', true);
select is(public.record_plan_view(:'view_plan'), 6::bigint, 'a request without a client ip is counted once, as one unknown viewer');
select set_config('request.headers', '{"x-forwarded-for":"not-an-ip","user-agent":"yet another"}', true);
select is(public.record_plan_view(:'view_plan'), 6::bigint, 'a malformed client ip is the same unknown viewer');
select tests.clear_authentication();
update private.settings set value = '2' where key = 'trusted_proxy_hops';
select tests.authenticate_as_anon();
select set_config('request.headers', '{"x-forwarded-for":"198.51.100.7, 203.0.113.9"}', true);
select is(public.record_plan_view(:'view_plan'), 7::bigint,
  'with two trusted proxies the client is the second entry from the right');
select tests.clear_authentication();
update private.settings set value = '1' where key = 'trusted_proxy_hops';

-- Who reads the counted rows
select tests.authenticate_as(:'owner');
select is((select count(*)::int from public.plan_views where plan_id = :'view_plan'), 7, 'the owner reads one row per counted view');
select is((select count(*)::int from public.plan_views where plan_id = :'view_plan' and viewer_key ~ '^[0-9a-f]{64}$'), 7,
  'viewer keys are hashes, not raw identifiers');
select is_empty(format($$select 1 from public.plan_views where plan_id = %L
  and viewer_key = encode(extensions.digest('user:' || %L, 'sha256'), 'hex')$$, :'view_plan', :'viewer1'),
  'viewer keys are keyed hashes: hashing a guessed user id does not match them');
select is((select views from public.plan_view_counts where plan_id = :'view_plan'), 7::bigint,
  'the owner reads the plan''s view counter');
select tests.clear_authentication();
select is((select count(*)::int from public.activity_log where action = 'plan.viewed' and entity_id = :'view_plan'), 1,
  'seven counted views write one plan.viewed activity row: the owner''s log cannot be flooded');
select is(
  (select count(*)::int from public.activity_log where action = 'plan.viewed' and entity_id = :'view_plan'
    and user_id = :'owner' and actor_id is null and ip is null and user_agent is null and details = jsonb_build_object('on', current_date)),
  1, 'the owner''s activity row says the plan was viewed that day, not by whom, from where or how often');
-- The next day's first view writes the next day's row.
update public.plan_view_counts set last_viewed_on = current_date - 1 where plan_id = :'view_plan';
select tests.authenticate_as_anon();
select set_config('request.headers', '{"x-forwarded-for":"198.51.100.99"}', true);
select is(public.record_plan_view(:'view_plan'), 8::bigint, 'a view on a new day is counted');
select set_config('request.headers', '{"x-forwarded-for":"198.51.100.98"}', true);
select is(public.record_plan_view(:'view_plan'), 9::bigint, 'and the one after it');
select tests.clear_authentication();
select is((select count(*)::int from public.activity_log where action = 'plan.viewed' and entity_id = :'view_plan'), 2,
  'the first counted view of a day writes that day''s plan.viewed row, the next ones do not');

-- Anonymous counting is rate-limited per source ----------------------------------------------------------
update private.settings set value = '2' where key = 'anon_view_rate_limit';
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'author', 'R1', 'Ghent', '2027-03-01', '2027-03-02', 'public') returning id as rl1 \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'author', 'R2', 'Ghent', '2027-03-01', '2027-03-02', 'public') returning id as rl2 \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'author', 'R3', 'Ghent', '2027-03-01', '2027-03-02', 'public') returning id as rl3 \gset
select tests.authenticate_as_anon();
select set_config('request.headers', '{"x-forwarded-for":"192.0.2.50"}', true);
select is(public.record_plan_view(:'rl1'), 1::bigint, 'a source''s first new view in the window is counted');
select is(public.record_plan_view(:'rl1'), 1::bigint, 'a repeated view spends no budget');
select is(public.record_plan_view(:'rl2'), 1::bigint, 'its second new view is counted (limit 2)');
select is(public.record_plan_view(:'rl3'), 0::bigint, 'past the limit a new view from the same source is not counted');
select set_config('request.headers', '{"x-forwarded-for":"10.1.1.1, 192.0.2.50","user-agent":"fresh"}', true);
select is(public.record_plan_view(:'rl3'), 0::bigint, 'a forged entry or another user agent does not give a fresh budget');
select set_config('request.headers', '{"x-forwarded-for":"192.0.2.51"}', true);
select is(public.record_plan_view(:'rl3'), 1::bigint, 'another source has its own budget');
select tests.clear_authentication();
update private.settings set value = '0' where key = 'anon_view_rate_limit';
select tests.authenticate_as_anon();
select set_config('request.headers', '{"x-forwarded-for":"192.0.2.52"}', true);
select is(public.record_plan_view(:'rl1'), 1::bigint, 'a limit of 0 counts no anonymous view');
select tests.authenticate_as(:'viewer1');
select is(public.record_plan_view(:'rl1'), 2::bigint, 'signed-in viewers are counted by user id, not rate-limited by source');
select tests.clear_authentication();
update private.settings set value = '2' where key = 'anon_view_rate_limit';
update private.anon_view_rate set window_start = window_start - interval '2 hours';
select tests.authenticate_as_anon();
select set_config('request.headers', '{"x-forwarded-for":"192.0.2.50"}', true);
select is(public.record_plan_view(:'rl3'), 2::bigint, 'a new window gives the source its budget back');
select tests.clear_authentication();
select is(private.trim_anon_view_rate(), 9, 'finished windows (every source so far, moved back above) are trimmed');
select is((select count(*)::int from private.anon_view_rate), 1, 'the current window stays');
select is((select count(*)::int from public.plan_views where plan_id in (:'rl1', :'rl2', :'rl3')), 5,
  'refused views wrote no view rows');

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
select is((select view_count from public.public_feed('Vienna', null, null, 5) where id = :'view_plan'), 9::bigint,
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

-- Plans of suspended accounts are not counted ---------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok(format('select public.record_plan_view(%L)', :'benched_plan'), 'PT404', 'plan not found',
  'anon cannot count a view of a public plan of a suspended account');
select tests.authenticate_as(:'viewer1');
select throws_ok(format('select public.record_plan_view(%L)', :'benched_plan'), 'PT404', 'plan not found',
  'nor can a signed-in user');

-- Counters ---------------------------------------------------------------------------------------------
select tests.clear_authentication();
select is_empty($$
  select 1 from public.plan_view_counts c
  full join (select plan_id, count(*) as n from public.plan_views group by plan_id) v on v.plan_id = c.plan_id
  where c.views is distinct from v.n$$,
  'every plan''s counter equals its view rows');
-- View rows written behind the function's back (as postgres) do not change what the feed or the stats
-- say: they read the counters, not the rows.
insert into public.plan_views (plan_id, viewed_on, viewer_key)
select :'view_plan', current_date - n, encode(extensions.digest('bulk' || n, 'sha256'), 'hex') from generate_series(1, 50) n;
insert into public.plan_views (plan_id, viewed_on, viewer_key)
select :'s_lisbon', current_date - n, encode(extensions.digest('bulk' || n, 'sha256'), 'hex') from generate_series(1, 50) n;
select is((select view_count from public.public_feed('Vienna', null, null, 5) where id = :'view_plan'), 9::bigint,
  'the feed reads the view counter, not the view rows');
select tests.clear_authentication();
update public.profiles set suspended_at = null where id = :'stats_user';
select tests.authenticate_as(:'stats_user');
select is((public.my_plan_stats() -> 'views'), '3'::jsonb, 'the stats read the view counters, not the view rows');

select * from finish();
rollback;
