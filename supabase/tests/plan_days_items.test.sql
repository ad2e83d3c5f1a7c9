-- plan_days and plan_items: readable exactly when the parent plan is readable; written only by the plan's
-- owner; an item's day must belong to the item's plan; check constraints on coordinates, links, costs.
begin;
select plan(60);

-- Fixtures (as postgres) -----------------------------------------------------------------------------
select tests.create_user('owner@example.test') as owner \gset
select tests.create_user('other@example.test') as other \gset
select tests.create_user('admin@example.test') as admin \gset
update public.profiles set role = 'admin' where id = :'admin';

insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Private', 'Lisbon', '2027-05-01', '2027-05-03', 'private') returning id as private_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Unlisted', 'Porto', '2027-06-01', '2027-06-03', 'unlisted') returning id as unlisted_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Public', 'Rome', '2027-07-01', '2027-07-03', 'public') returning id as public_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Deleted', 'Oslo', '2027-08-01', '2027-08-03', 'public') returning id as deleted_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Second private', 'Nice', '2027-09-01', '2027-09-03', 'private') returning id as second_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'other', 'Other''s own', 'Bern', '2027-09-01', '2027-09-03', 'private') returning id as others_plan \gset
update public.plans set deleted_at = now() where id = :'deleted_plan';

insert into public.plan_days (plan_id, day_number, date, title)
values (:'private_plan', 1, '2027-05-01', 'Private day') returning id as private_day \gset
insert into public.plan_days (plan_id, day_number, date, title)
values (:'unlisted_plan', 1, '2027-06-01', 'Unlisted day') returning id as unlisted_day \gset
insert into public.plan_days (plan_id, day_number, date, title)
values (:'public_plan', 1, '2027-07-01', 'Public day') returning id as public_day \gset
insert into public.plan_days (plan_id, day_number, date, title)
values (:'deleted_plan', 1, '2027-08-01', 'Deleted day') returning id as deleted_day \gset
insert into public.plan_days (plan_id, day_number, date, title)
values (:'second_plan', 1, '2027-09-01', 'Second day') returning id as second_day \gset
insert into public.plan_days (plan_id, day_number, date, title)
values (:'others_plan', 1, '2027-09-01', 'Other''s day') returning id as others_day \gset

insert into public.plan_items (plan_id, day_id, position, time_slot, title)
values (:'private_plan', :'private_day', 0, 'morning', 'Private item') returning id as private_item \gset
insert into public.plan_items (plan_id, day_id, position, time_slot, title)
values (:'unlisted_plan', :'unlisted_day', 0, 'morning', 'Unlisted item') returning id as unlisted_item \gset
insert into public.plan_items (plan_id, day_id, position, time_slot, title)
values (:'public_plan', :'public_day', 0, 'morning', 'Public item') returning id as public_item \gset
insert into public.plan_items (plan_id, day_id, position, time_slot, title)
values (:'deleted_plan', :'deleted_day', 0, 'morning', 'Deleted item') returning id as deleted_item \gset
insert into public.plan_items (plan_id, day_id, position, time_slot, title)
values (:'second_plan', :'second_day', 0, 'morning', 'Second item') returning id as second_item \gset

-- The owner's fixture days and items, to compare what each actor sees.
\set all_days '''' :private_day ''', ''' :unlisted_day ''', ''' :public_day ''', ''' :deleted_day ''', ''' :second_day ''''
\set all_items '''' :private_item ''', ''' :unlisted_item ''', ''' :public_item ''', ''' :deleted_item ''', ''' :second_item ''''

-- Read: owner ----------------------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select set_eq(format('select id from public.plan_days where id in (%s)', :'all_days'),
  format('values (%L::uuid), (%L::uuid), (%L::uuid), (%L::uuid)', :'private_day', :'unlisted_day', :'public_day', :'second_day'),
  'the owner reads the days of all their live plans');
select set_eq(format('select id from public.plan_items where id in (%s)', :'all_items'),
  format('values (%L::uuid), (%L::uuid), (%L::uuid), (%L::uuid)', :'private_item', :'unlisted_item', :'public_item', :'second_item'),
  'the owner reads the items of all their live plans');
select is_empty(format('select 1 from public.plan_days where id = %L', :'deleted_day'),
  'the days of a deleted plan are invisible, even to its owner');
select is_empty(format('select 1 from public.plan_items where id = %L', :'deleted_item'),
  'the items of a deleted plan are invisible, even to its owner');

-- Read: anon, another user, an admin: the public plan's rows only ------------------------------------
select tests.authenticate_as_anon();
select set_eq(format('select id from public.plan_days where id in (%s)', :'all_days'),
  format('values (%L::uuid)', :'public_day'), 'anon reads the days of public plans only');
select set_eq(format('select id from public.plan_items where id in (%s)', :'all_items'),
  format('values (%L::uuid)', :'public_item'), 'anon reads the items of public plans only');

select tests.authenticate_as(:'other');
select set_eq(format('select id from public.plan_days where id in (%s)', :'all_days'),
  format('values (%L::uuid)', :'public_day'), 'another user reads the days of public plans only');
select set_eq(format('select id from public.plan_items where id in (%s)', :'all_items'),
  format('values (%L::uuid)', :'public_item'), 'another user reads the items of public plans only');
select is_empty(format('select 1 from public.plan_days where id in (%L, %L)', :'unlisted_day', :'private_day'),
  'another user cannot read the days of unlisted or private plans through the table');
select is_empty(format('select 1 from public.plan_items where plan_id = %L', :'unlisted_plan'),
  'another user cannot read the items of an unlisted plan through the table');

select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select ok((select private.is_admin()), 'the admin fixture really has admin powers');
select set_eq(format('select id from public.plan_days where id in (%s)', :'all_days'),
  format('values (%L::uuid)', :'public_day'), 'an admin reads the days of public plans only');
select set_eq(format('select id from public.plan_items where id in (%s)', :'all_items'),
  format('values (%L::uuid)', :'public_item'), 'an admin reads the items of public plans only');

-- Readability follows the parent: a public plan made private takes its days and items with it
select tests.clear_authentication();
update public.plans set visibility = 'private' where id = :'public_plan';
select tests.authenticate_as_anon();
select is_empty(format('select 1 from public.plan_days where id = %L', :'public_day'),
  'when the plan becomes private, anon no longer reads its days');
select is_empty(format('select 1 from public.plan_items where id = %L', :'public_item'),
  'when the plan becomes private, anon no longer reads its items');
select tests.clear_authentication();
update public.plans set visibility = 'public' where id = :'public_plan';

-- Service role reads everything
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.plan_days where plan_id in (:'private_plan', :'deleted_plan', :'public_plan')), 3,
  'the service role reads every day, deleted plans'' included');

-- Write: owner ---------------------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select lives_ok(
  format($$insert into public.plan_days (plan_id, day_number, date, title) values (%L, 2, '2027-05-02', 'Day two')$$,
    :'private_plan'),
  'the owner adds a day to their plan');
select id as day_two from public.plan_days where plan_id = :'private_plan' and day_number = 2 \gset
select lives_ok(
  format($$insert into public.plan_items (plan_id, day_id, position, time_slot, title, place_name, latitude, longitude,
      estimated_cost, currency, booking_url)
    values (%L, %L, 0, 'afternoon', 'Tram 28', 'Martim Moniz', 38.716, -9.136, 3.10, 'EUR', 'https://example.com/tram?x=1')$$,
    :'private_plan', :'day_two'),
  'the owner adds an item to a day of their plan');
select id as new_item from public.plan_items where day_id = :'day_two' and position = 0 \gset
select lives_ok(format($$update public.plan_days set title = 'Alfama' where id = %L$$, :'day_two'),
  'the owner updates a day');
select is((select title from public.plan_days where id = :'day_two'), 'Alfama', 'the day update stuck');
select lives_ok(
  format($$update public.plan_items set title = 'Tram 28 (early)', time_slot = 'morning', position = 1 where id = %L$$,
    :'new_item'),
  'the owner updates an item');
select is((select title from public.plan_items where id = :'new_item'), 'Tram 28 (early)', 'the item update stuck');
select lives_ok(format($$update public.plan_items set day_id = %L, position = 5 where id = %L$$, :'private_day', :'new_item'),
  'the owner moves an item to another day of the same plan');
select lives_ok(format($$delete from public.plan_items where id = %L$$, :'new_item'), 'the owner deletes an item');
select is_empty(format('select 1 from public.plan_items where id = %L', :'new_item'), 'the item is gone');
select lives_ok(format($$delete from public.plan_days where id = %L$$, :'day_two'), 'the owner deletes a day');
select is_empty(format('select 1 from public.plan_days where id = %L', :'day_two'), 'the day is gone');

-- An item's day must belong to the item's plan
select throws_ok(
  format($$insert into public.plan_items (plan_id, day_id, position, time_slot, title)
    values (%L, %L, 7, 'evening', 'Smuggled')$$, :'private_plan', :'second_day'),
  '42501', 'new row violates row-level security policy for table "plan_items"',
  'an item whose day belongs to another plan (even the owner''s) is refused');
select throws_ok(
  format($$update public.plan_items set day_id = %L where id = %L$$, :'second_day', :'private_item'),
  '42501', 'new row violates row-level security policy for table "plan_items"',
  'moving an item to a day of another plan is refused');
select throws_ok(format($$update public.plan_days set plan_id = %L where id = %L$$, :'second_plan', :'private_day'),
  '42501', 'permission denied for table plan_days', 'a day cannot be moved to another plan (plan_id not granted)');
select throws_ok(format($$update public.plan_items set plan_id = %L where id = %L$$, :'second_plan', :'private_item'),
  '42501', 'permission denied for table plan_items', 'an item cannot be moved to another plan (plan_id not granted)');

-- Deleted plans are closed
select throws_ok(
  format($$insert into public.plan_days (plan_id, day_number, date) values (%L, 2, '2027-08-02')$$, :'deleted_plan'),
  '42501', 'new row violates row-level security policy for table "plan_days"',
  'the owner cannot add a day to a deleted plan');
select is_empty(format($$update public.plan_items set title = 'zombie' where id = %L returning 1$$, :'deleted_item'),
  'the owner cannot update an item of a deleted plan');

-- Check constraints
select throws_ok(
  format($$insert into public.plan_items (plan_id, day_id, position, time_slot, title, latitude, longitude)
    values (%L, %L, 10, 'morning', 'North of north', 91, 0)$$, :'private_plan', :'private_day'),
  '23514', null, 'latitude 91 violates a check');
select throws_ok(
  format($$insert into public.plan_items (plan_id, day_id, position, time_slot, title, latitude, longitude)
    values (%L, %L, 11, 'morning', 'Off the map', 0, 181)$$, :'private_plan', :'private_day'),
  '23514', null, 'longitude 181 violates a check');
select throws_ok(
  format($$insert into public.plan_items (plan_id, day_id, position, time_slot, title, latitude)
    values (%L, %L, 12, 'morning', 'Half a point', 38.7)$$, :'private_plan', :'private_day'),
  '23514', null, 'a latitude without a longitude violates a check');
select throws_ok(
  format($$insert into public.plan_items (plan_id, day_id, position, time_slot, title, booking_url)
    values (%L, %L, 13, 'morning', 'Click me', 'javascript:alert(1)')$$, :'private_plan', :'private_day'),
  '23514', null, 'a javascript: booking_url violates a check');
select throws_ok(
  format($$update public.plan_items set booking_url = 'https://exa mple.com' where id = %L$$, :'private_item'),
  '23514', null, 'a booking_url with whitespace violates a check');
select throws_ok(
  format($$insert into public.plan_items (plan_id, day_id, position, time_slot, title, estimated_cost)
    values (%L, %L, 14, 'morning', 'They pay me', -1)$$, :'private_plan', :'private_day'),
  '23514', null, 'a negative estimated_cost violates a check');
select throws_ok(
  format($$insert into public.plan_days (plan_id, day_number, date) values (%L, 61, '2027-05-02')$$, :'private_plan'),
  '23514', null, 'day_number 61 violates a check');

-- Write: another user --------------------------------------------------------------------------------
select tests.authenticate_as(:'other');
select throws_ok(
  format($$insert into public.plan_days (plan_id, day_number, date) values (%L, 2, '2027-07-02')$$, :'public_plan'),
  '42501', 'new row violates row-level security policy for table "plan_days"',
  'another user cannot add a day to someone''s public plan');
select throws_ok(
  format($$insert into public.plan_days (plan_id, day_number, date) values (%L, 2, '2027-05-02')$$, :'private_plan'),
  '42501', 'new row violates row-level security policy for table "plan_days"',
  'another user cannot add a day to someone''s private plan');
select throws_ok(
  format($$insert into public.plan_items (plan_id, day_id, position, time_slot, title)
    values (%L, %L, 9, 'night', 'Graffiti')$$, :'public_plan', :'public_day'),
  '42501', 'new row violates row-level security policy for table "plan_items"',
  'another user cannot add an item to someone''s public plan');
select throws_ok(
  format($$insert into public.plan_items (plan_id, day_id, position, time_slot, title)
    values (%L, %L, 9, 'night', 'Borrowed day')$$, :'others_plan', :'public_day'),
  '42501', 'new row violates row-level security policy for table "plan_items"',
  'another user cannot attach an item of their own plan to someone else''s day');
select is_empty(format($$update public.plan_days set title = 'hijacked' where id = %L returning 1$$, :'public_day'),
  'another user''s update of a public plan''s day affects no row');
select is_empty(format($$update public.plan_items set title = 'hijacked' where id = %L returning 1$$, :'public_item'),
  'another user''s update of a public plan''s item affects no row');
select is_empty(format($$delete from public.plan_items where id = %L returning 1$$, :'public_item'),
  'another user''s delete of a public plan''s item affects no row');
select is_empty(format($$delete from public.plan_days where id = %L returning 1$$, :'public_day'),
  'another user''s delete of a public plan''s day affects no row');

-- Write: an admin ------------------------------------------------------------------------------------
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select throws_ok(
  format($$insert into public.plan_days (plan_id, day_number, date) values (%L, 3, '2027-07-03')$$, :'public_plan'),
  '42501', 'new row violates row-level security policy for table "plan_days"',
  'an admin cannot add a day to someone''s plan');
select is_empty(format($$update public.plan_items set title = 'moderated' where id = %L returning 1$$, :'public_item'),
  'an admin''s update of someone''s item affects no row');
select is_empty(format($$delete from public.plan_days where id = %L returning 1$$, :'public_day'),
  'an admin''s delete of someone''s day affects no row');

-- Write: anon ----------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok(
  format($$insert into public.plan_days (plan_id, day_number, date) values (%L, 2, '2027-07-02')$$, :'public_plan'),
  '42501', 'permission denied for table plan_days', 'anon cannot insert days');
select throws_ok(format($$update public.plan_items set title = 'anon' where id = %L$$, :'public_item'),
  '42501', 'permission denied for table plan_items', 'anon cannot update items');
select throws_ok(format($$delete from public.plan_days where id = %L$$, :'public_day'),
  '42501', 'permission denied for table plan_days', 'anon cannot delete days');

-- What the refusals left behind (as postgres) ---------------------------------------------------------
select tests.clear_authentication();
select is((select title from public.plan_days where id = :'public_day'), 'Public day', 'the public day is untouched');
select is((select title from public.plan_items where id = :'public_item'), 'Public item', 'the public item is untouched');
select is((select count(*)::int from public.plan_days where plan_id = :'public_plan'), 1, 'no day was added to the public plan');

-- A suspended owner loses access to their days ---------------------------------------------------------
update public.profiles set suspended_at = now() where id = :'owner';
select tests.authenticate_as(:'owner');
select is_empty(format('select 1 from public.plan_days where id = %L', :'private_day'),
  'a suspended owner no longer reads the days of their private plan');
select throws_ok(
  format($$insert into public.plan_days (plan_id, day_number, date) values (%L, 3, '2027-05-03')$$, :'private_plan'),
  '42501', 'new row violates row-level security policy for table "plan_days"',
  'a suspended owner cannot add days');

-- Catalog --------------------------------------------------------------------------------------------
select ok((select relrowsecurity from pg_class where oid = 'public.plan_days'::regclass)
  and (select relrowsecurity from pg_class where oid = 'public.plan_items'::regclass), 'RLS is on for days and items');

select * from finish();
rollback;
