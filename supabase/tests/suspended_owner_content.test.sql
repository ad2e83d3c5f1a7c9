-- The rule for content of suspended and deleted accounts: served to nobody through the API (anon, other
-- users, admins' tokens, the owner), on every read path: plans, plan_days, plan_items, plan_view_counts,
-- get_shared_plan, record_plan_view, public_feed, my_plan_stats. Only the service role reads it.
-- Unsuspending serves it again. (The plan-calendar function is covered end to end in
-- tests/e2e/plan-calendar.test.ts.)
begin;
select plan(47);

-- Fixtures (as postgres) -----------------------------------------------------------------------------
select tests.create_user('owner@example.test', '{"display_name": "Olive Owner"}') as owner \gset
select tests.create_user('other@example.test') as other \gset
select tests.create_user('admin@example.test') as admin \gset
select tests.create_user('gone@example.test') as gone \gset
update public.profiles set role = 'admin' where id = :'admin';

insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Public trip', 'Rome', '2027-07-01', '2027-07-02', 'public') returning id as public_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Unlisted trip', 'Porto', '2027-06-01', '2027-06-02', 'unlisted') returning id as unlisted_plan \gset
insert into public.plan_days (plan_id, day_number, date) values (:'public_plan', 1, '2027-07-01') returning id as day \gset
insert into public.plan_items (plan_id, day_id, position, time_slot, title)
values (:'public_plan', :'day', 0, 'morning', 'Colosseum');
insert into public.plan_shares (plan_id) values (:'unlisted_plan') returning token as unlisted_token \gset
insert into public.plan_shares (plan_id) values (:'public_plan') returning token as public_token \gset
update public.plans set published_at = '2095-01-01 00:00+00' where id = :'public_plan';
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'gone', 'Of a deleted account', 'Oslo', '2027-07-01', '2027-07-02', 'public') returning id as gone_plan \gset
insert into public.plan_shares (plan_id) values (:'gone_plan') returning token as gone_token \gset

-- Before: everything is served --------------------------------------------------------------------------
select tests.authenticate_as(:'other');
select is(public.record_plan_view(:'public_plan'), 1::bigint, 'while the owner is active, views are counted');
select tests.authenticate_as_anon();
select is((select count(*)::int from public.plans where id in (:'public_plan', :'gone_plan')), 2,
  'while the owners are active, anon reads their public plans');
select is((public.get_shared_plan(:'unlisted_token') ->> 'id')::uuid, :'unlisted_plan'::uuid,
  'and a share link opens the unlisted plan');
select is((select id from public.public_feed(null, null, null, 1)), :'public_plan'::uuid, 'and the feed lists it');
select tests.clear_authentication();
select updated_at as updated_before from public.plans where id = :'public_plan' \gset

-- Suspend the owner (as an admin does), delete the other account's profile ---------------------------------
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select lives_ok(format($$select public.admin_set_suspended(%L, true, 'abuse')$$, :'owner'), 'an admin suspends the owner');
select tests.clear_authentication();
update public.profiles set deleted_at = now() where id = :'gone';

select is((select count(*)::int from public.plans where user_id in (:'owner', :'gone') and not owner_active), 3,
  'the plans of the suspended and the deleted account are marked in the same transaction');
select is((select updated_at from public.plans where id = :'public_plan'), :'updated_before'::timestamptz,
  'suspension does not touch the plans'' updated_at');

-- anon
select tests.authenticate_as_anon();
select is_empty(format('select 1 from public.plans where id in (%L, %L, %L)', :'public_plan', :'unlisted_plan', :'gone_plan'),
  'anon reads no plan of a suspended or deleted account');
select is_empty(format('select 1 from public.plan_days where plan_id = %L', :'public_plan'), 'anon reads none of its days');
select is_empty(format('select 1 from public.plan_items where plan_id = %L', :'public_plan'), 'anon reads none of its items');
select is_empty(format('select 1 from public.plan_view_counts where plan_id = %L', :'public_plan'),
  'anon reads none of its view counts');
select throws_ok(format('select public.get_shared_plan(%L)', :'unlisted_token'), 'PT404', 'share link is invalid, revoked or expired',
  'a share link of an unlisted plan of a suspended account opens nothing');
select throws_ok(format('select public.get_shared_plan(%L)', :'public_token'), 'PT404', 'share link is invalid, revoked or expired',
  'nor a share link of its public plan');
select throws_ok(format('select public.get_shared_plan(%L)', :'gone_token'), 'PT404', 'share link is invalid, revoked or expired',
  'nor a share link of a plan of a deleted account');
select throws_ok(format('select public.record_plan_view(%L)', :'public_plan'), 'PT404', 'plan not found',
  'anon cannot count a view of a public plan of a suspended account');
select throws_ok(format('select public.record_plan_view(%L, %L)', :'unlisted_plan', :'unlisted_token'), 'PT404', 'plan not found',
  'nor of its unlisted plan with a share token');
select throws_ok(format('select public.record_plan_view(%L)', :'gone_plan'), 'PT404', 'plan not found',
  'nor of a public plan of a deleted account');
select is_empty(format('select 1 from public.public_feed(null, null, null, 100) where id in (%L, %L)', :'public_plan', :'gone_plan'),
  'the feed lists neither');

-- another user
select tests.authenticate_as(:'other');
select is_empty(format('select 1 from public.plans where id in (%L, %L)', :'public_plan', :'gone_plan'),
  'another user reads no plan of a suspended or deleted account');
select is_empty(format('select 1 from public.plan_days where plan_id = %L', :'public_plan'), 'nor its days');
select is_empty(format('select 1 from public.plan_items where plan_id = %L', :'public_plan'), 'nor its items');
select throws_ok(format('select public.get_shared_plan(%L)', :'unlisted_token'), 'PT404', 'share link is invalid, revoked or expired',
  'nor opens its share link');
select throws_ok(format('select public.record_plan_view(%L)', :'public_plan'), 'PT404', 'plan not found',
  'nor counts a view of it');

-- an admin's token: no API bypass (support uses the service role)
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select ok((select private.is_admin()), 'the admin fixture really has admin powers');
select is_empty(format('select 1 from public.plans where id in (%L, %L)', :'public_plan', :'unlisted_plan'),
  'an admin''s token reads no plan of a suspended account');
select is_empty(format('select 1 from public.plan_items where plan_id = %L', :'public_plan'), 'nor its items');

-- the owner, with a still-valid token
select tests.authenticate_as(:'owner');
select is_empty(format('select 1 from public.plans where id in (%L, %L)', :'public_plan', :'unlisted_plan'),
  'the suspended owner reads none of their plans');
select is_empty(format('select 1 from public.plan_days where plan_id = %L', :'public_plan'), 'nor their days');
select is_empty(format('select 1 from public.plan_view_counts where plan_id = %L', :'public_plan'), 'nor their view counts');
select is(public.my_plan_stats(),
  '{"total": 0, "public": 0, "unlisted": 0, "private": 0, "views": 0, "top_destinations": []}'::jsonb,
  'and gets empty stats');

-- the service role (support tooling) still reads everything
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.plans where id in (:'public_plan', :'unlisted_plan', :'gone_plan')), 3,
  'the service role reads the plans');
select is((select count(*)::int from public.plan_items where plan_id = :'public_plan'), 1, 'and their items');
select tests.clear_authentication();

-- owner_active cannot be set by anyone ----------------------------------------------------------------------
select ok(not has_column_privilege('authenticated', 'public.plans', 'owner_active', 'insert')
  and not has_column_privilege('authenticated', 'public.plans', 'owner_active', 'update'),
  'authenticated has no insert or update grant on owner_active');
select tests.authenticate_as_service_role();
update public.plans set owner_active = true where id = :'public_plan';
select tests.clear_authentication();
select is((select owner_active from public.plans where id = :'public_plan'), false,
  'a write naming owner_active gets the value the account state says, even from the service role');
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Written for a suspended owner', 'Bari', '2027-07-01', '2027-07-02', 'public') returning id as late_plan \gset
select is((select owner_active from public.plans where id = :'late_plan'), false,
  'a plan inserted for a suspended owner (by postgres) is hidden too');
update public.plans set user_id = :'other' where id = :'late_plan';
select is((select owner_active from public.plans where id = :'late_plan'), true,
  'a plan moved to an active owner is served again');

-- Unsuspend: served again -----------------------------------------------------------------------------------
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select lives_ok(format($$select public.admin_set_suspended(%L, false)$$, :'owner'), 'an admin unsuspends the owner');
select tests.authenticate_as_anon();
select is((select count(*)::int from public.plans where id = :'public_plan'), 1, 'anon reads the public plan again');
select is((select count(*)::int from public.plan_items where plan_id = :'public_plan'), 1, 'and its items');
select is((select views from public.plan_view_counts where plan_id = :'public_plan'), 1::bigint, 'and its view count');
select is((public.get_shared_plan(:'unlisted_token') ->> 'id')::uuid, :'unlisted_plan'::uuid, 'the share link opens again');
select is((select id from public.public_feed(null, null, null, 1)), :'public_plan'::uuid, 'the feed lists it again');
select set_config('request.headers', '{"x-forwarded-for":"203.0.113.44"}', true);
select is(public.record_plan_view(:'public_plan'), 2::bigint, 'views are counted again');
select tests.authenticate_as(:'owner');
select is((public.my_plan_stats() ->> 'total')::int, 2, 'the owner''s stats are back');
select tests.clear_authentication();
select is((select updated_at from public.plans where id = :'public_plan'), :'updated_before'::timestamptz,
  'unsuspension does not touch updated_at either');
select is_empty(format('select 1 from public.plans where user_id = %L and not owner_active', :'owner'),
  'every plan of the unsuspended owner is marked active');
select is_empty($$
  select 1 from public.plans p join public.profiles pr on pr.id = p.user_id
  where p.owner_active is distinct from (pr.suspended_at is null and pr.deleted_at is null)$$,
  'owner_active matches the owner''s account state on every plan');

select * from finish();
rollback;
