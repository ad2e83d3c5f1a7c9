-- addresses and travel_preferences: owner-only CRUD through the API. Admins get nothing through the API
-- (support uses the service role), deleted and suspended accounts see nothing, anon has no grants.
begin;
select plan(69);

select tests.create_user('owner@example.test') as owner \gset
select tests.create_user('other@example.test') as other \gset
select tests.create_user('admin@example.test') as admin \gset
select tests.create_user('deleted@example.test') as deleted \gset
select tests.create_user('suspended@example.test') as suspended \gset

-- Fixtures (as postgres, RLS bypassed) -----------------------------------------------------------------
update public.profiles set role = 'admin' where id = :'admin';

insert into public.addresses (id, user_id, label, line1, city, country_code, is_default) values
  ('a0000000-0000-4000-8000-000000000002', :'other', 'Home', '2 Other Street', 'Lyon', 'FR', true),
  ('a0000000-0000-4000-8000-000000000003', :'deleted', 'Home', '3 Gone Road', 'Porto', 'PT', true),
  ('a0000000-0000-4000-8000-000000000004', :'suspended', 'Home', '4 Paused Lane', 'Graz', 'AT', true);
insert into public.travel_preferences (user_id, home_airport, pace) values
  (:'other', 'LYS', 'packed'),
  (:'deleted', 'OPO', 'relaxed'),
  (:'suspended', 'GRZ', 'moderate');

update public.profiles set deleted_at = now(), purge_after = now() + interval '30 days' where id = :'deleted';
update public.profiles set suspended_at = now(), suspended_reason = 'test' where id = :'suspended';

-- =====================================================================================================
-- addresses
-- =====================================================================================================

-- Owner ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select lives_ok(
  $$insert into public.addresses (label, line1, city, country_code, is_default)
    values ('Home', '1 Main Street', 'Paris', 'FR', true)$$,
  'the owner adds an address (user_id defaults to auth.uid())');
select results_eq('select user_id, line1 from public.addresses',
  format($$values (%L::uuid, '1 Main Street')$$, :'owner'),
  'the owner sees exactly their own address');
select lives_ok($$update public.addresses set city = 'Paris 11e', postal_code = '75011'$$,
  'the owner updates the allowed columns');
select is((select city from public.addresses), 'Paris 11e', 'the owner''s update stuck');
select throws_ok(format($$update public.addresses set user_id = %L$$, :'other'),
  '42501', 'permission denied for table addresses', 'the owner cannot move an address to another user');
select throws_ok($$update public.addresses set created_at = now() - interval '1 year'$$,
  '42501', 'permission denied for table addresses', 'the owner cannot change created_at');
select throws_ok(
  format($$insert into public.addresses (user_id, line1, city, country_code) values (%L, '9 Side St', 'Paris', 'FR')$$, :'owner'),
  '42501', 'permission denied for table addresses', 'user_id is not in the insert grant, even for one''s own id');
select throws_ok(
  $$insert into public.addresses (label, line1, city, country_code, is_default) values ('Work', '5 Office Way', 'Paris', 'FR', true)$$,
  '23505', 'duplicate key value violates unique constraint "addresses_one_default_per_user_idx"',
  'a user has at most one default address');
select throws_like(
  $$insert into public.addresses (line1, city, country_code) values ('5 Office Way', 'Paris', 'fra')$$,
  '%domain %country_code violates check constraint "country_code_check"',
  'country_code must be ISO 3166-1 alpha-2 (the public.country_code domain)');
select lives_ok(
  $$insert into public.addresses (label, line1, city, country_code)
    values ('Work', '5 Office Way', 'Paris', 'FR')$$,
  'a second, non-default address is fine');
select lives_ok($$delete from public.addresses where label = 'Work'$$,
  'the owner deletes their own address');
select is((select count(*)::int from public.addresses), 1, 'the deleted address is gone');

-- Other user -----------------------------------------------------------------------------------------
select tests.authenticate_as(:'other');
select results_eq('select id from public.addresses', $$values ('a0000000-0000-4000-8000-000000000002'::uuid)$$,
  'another user sees only their own address');
select throws_ok(
  format($$insert into public.addresses (user_id, line1, city, country_code) values (%L, '6 Fake Ave', 'Nice', 'FR')$$, :'owner'),
  '42501', 'permission denied for table addresses', 'another user cannot insert an address for the owner');
select is_empty(format($$update public.addresses set city = 'Hijacked' where user_id = %L returning id$$, :'owner'),
  'another user''s update of the owner''s address affects nothing');
select is_empty(format($$delete from public.addresses where user_id = %L returning id$$, :'owner'),
  'another user''s delete of the owner''s address affects nothing');

-- Admin ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select ok((select private.is_admin()), 'the admin has admin powers');
select is_empty('select 1 from public.addresses', 'an admin sees nobody else''s addresses');
select is_empty($$update public.addresses set city = 'Admin was here' returning id$$,
  'an admin''s update of other users'' addresses affects nothing');
select is_empty($$delete from public.addresses returning id$$,
  'an admin''s delete of other users'' addresses affects nothing');
select throws_ok(
  format($$insert into public.addresses (user_id, line1, city, country_code) values (%L, '7 Admin Rd', 'Nice', 'FR')$$, :'owner'),
  '42501', 'permission denied for table addresses', 'an admin cannot insert an address for another user');

-- State after the refused writes -------------------------------------------------------------------------
select tests.clear_authentication();
select is((select city from public.addresses where user_id = :'owner'), 'Paris 11e',
  'the owner''s address is unchanged by the other user and the admin');
select is((select count(*)::int from public.addresses where user_id in (:'owner', :'other', :'deleted', :'suspended')), 4,
  'no address was deleted by the other user or the admin');

-- Deleted and suspended accounts ---------------------------------------------------------------------
select tests.authenticate_as(:'deleted');
select is_empty('select 1 from public.addresses', 'a deleted account sees none of its own addresses');
select is_empty($$update public.addresses set city = 'Back' returning id$$, 'a deleted account updates nothing');
select tests.authenticate_as(:'suspended');
select is_empty('select 1 from public.addresses', 'a suspended account sees none of its own addresses');
select throws_ok(
  $$insert into public.addresses (line1, city, country_code) values ('8 New St', 'Graz', 'AT')$$,
  '42501', 'new row violates row-level security policy for table "addresses"',
  'a suspended account cannot add an address');
select is_empty($$delete from public.addresses returning id$$, 'a suspended account deletes nothing');

-- Anon -----------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok('select * from public.addresses', '42501', 'permission denied for table addresses',
  'anon cannot read addresses');
select throws_ok($$insert into public.addresses (line1, city, country_code) values ('x', 'y', 'FR')$$,
  '42501', 'permission denied for table addresses', 'anon cannot insert addresses');
select throws_ok($$update public.addresses set city = 'x'$$, '42501', 'permission denied for table addresses',
  'anon cannot update addresses');
select throws_ok('delete from public.addresses', '42501', 'permission denied for table addresses',
  'anon cannot delete addresses');

-- Service role ---------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.addresses where user_id in (:'owner', :'other', :'deleted', :'suspended')), 4,
  'the service role sees every address, including deleted and suspended accounts''');
select lives_ok(
  format($$insert into public.addresses (id, user_id, line1, city, country_code)
    values ('a0000000-0000-4000-8000-000000000006', %L, '10 Support St', 'Lyon', 'FR')$$, :'other'),
  'the service role inserts an address for any user');
select lives_ok($$update public.addresses set city = 'Porto Centro' where id = 'a0000000-0000-4000-8000-000000000003'$$,
  'the service role updates any address');
select lives_ok($$delete from public.addresses where id = 'a0000000-0000-4000-8000-000000000006'$$,
  'the service role deletes any address');
select tests.clear_authentication();
select results_eq(
  $$select id, city from public.addresses where id in ('a0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000006')$$,
  $$values ('a0000000-0000-4000-8000-000000000003'::uuid, 'Porto Centro')$$,
  'the service role''s update and delete took effect');

-- =====================================================================================================
-- travel_preferences
-- =====================================================================================================

-- Owner ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select lives_ok(
  $$insert into public.travel_preferences (home_airport, pace, interests, budget_level)
    values ('CDG', 'relaxed', '{food,museums}', 'premium')$$,
  'the owner saves their travel preferences (user_id defaults to auth.uid())');
select results_eq('select user_id, home_airport from public.travel_preferences',
  format($$values (%L::uuid, 'CDG')$$, :'owner'), 'the owner sees exactly their own preferences');
select throws_ok($$insert into public.travel_preferences (pace) values ('packed')$$,
  '23505', 'duplicate key value violates unique constraint "travel_preferences_pkey"',
  'one preferences row per user');
select lives_ok($$update public.travel_preferences set home_airport = 'ORY', dietary_needs = '{vegetarian}'$$,
  'the owner updates the allowed columns');
select is((select home_airport from public.travel_preferences), 'ORY', 'the owner''s update stuck');
select throws_ok(format($$update public.travel_preferences set user_id = %L$$, :'other'),
  '42501', 'permission denied for table travel_preferences', 'the owner cannot change user_id');
select throws_ok($$update public.travel_preferences set created_at = now() - interval '1 year'$$,
  '42501', 'permission denied for table travel_preferences', 'the owner cannot change created_at');
select throws_ok($$update public.travel_preferences set home_airport = 'lisbon'$$,
  '23514', 'new row for relation "travel_preferences" violates check constraint "travel_preferences_home_airport_check"',
  'home_airport must be an IATA code');
select throws_ok($$update public.travel_preferences set pace = 'frantic'$$,
  '23514', 'new row for relation "travel_preferences" violates check constraint "travel_preferences_pace_check"',
  'pace must be one of the known values');

-- Other user -----------------------------------------------------------------------------------------
select tests.authenticate_as(:'other');
select results_eq('select user_id from public.travel_preferences', format('values (%L::uuid)', :'other'),
  'another user sees only their own preferences');
select throws_ok(format($$insert into public.travel_preferences (user_id, pace) values (%L, 'packed')$$, :'owner'),
  '42501', 'permission denied for table travel_preferences', 'another user cannot insert preferences for the owner');
select is_empty(format($$update public.travel_preferences set pace = 'packed' where user_id = %L returning user_id$$, :'owner'),
  'another user''s update of the owner''s preferences affects nothing');
select is_empty(format($$delete from public.travel_preferences where user_id = %L returning user_id$$, :'owner'),
  'another user''s delete of the owner''s preferences affects nothing');

-- Admin ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select is_empty('select 1 from public.travel_preferences', 'an admin sees nobody else''s preferences');
select is_empty($$update public.travel_preferences set pace = 'packed' returning user_id$$,
  'an admin''s update of other users'' preferences affects nothing');
select is_empty($$delete from public.travel_preferences returning user_id$$,
  'an admin''s delete of other users'' preferences affects nothing');

select tests.clear_authentication();
select results_eq(format($$select home_airport, pace from public.travel_preferences where user_id = %L$$, :'owner'),
  $$values ('ORY', 'relaxed')$$, 'the owner''s preferences are unchanged by the other user and the admin');

-- Deleted and suspended accounts ---------------------------------------------------------------------
select tests.authenticate_as(:'deleted');
select is_empty('select 1 from public.travel_preferences', 'a deleted account sees none of its own preferences');
select tests.authenticate_as(:'suspended');
select is_empty('select 1 from public.travel_preferences', 'a suspended account sees none of its own preferences');
select is_empty($$update public.travel_preferences set pace = 'packed' returning user_id$$,
  'a suspended account updates nothing');

-- Anon -----------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok('select * from public.travel_preferences', '42501', 'permission denied for table travel_preferences',
  'anon cannot read preferences');
select throws_ok($$insert into public.travel_preferences (pace) values ('packed')$$,
  '42501', 'permission denied for table travel_preferences', 'anon cannot insert preferences');
select throws_ok($$update public.travel_preferences set pace = 'packed'$$,
  '42501', 'permission denied for table travel_preferences', 'anon cannot update preferences');
select throws_ok('delete from public.travel_preferences', '42501', 'permission denied for table travel_preferences',
  'anon cannot delete preferences');

-- Service role ---------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.travel_preferences where user_id in (:'owner', :'other', :'deleted', :'suspended')), 4,
  'the service role sees every preferences row');
select lives_ok(format($$insert into public.travel_preferences (user_id, pace) values (%L, 'packed')$$, :'admin'),
  'the service role inserts preferences for any user');
select lives_ok(format($$update public.travel_preferences set budget_level = 'luxury' where user_id = %L$$, :'other'),
  'the service role updates any preferences');
select lives_ok(format($$delete from public.travel_preferences where user_id = %L$$, :'deleted'),
  'the service role deletes any preferences');

-- Owner deletes their own row ------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select lives_ok('delete from public.travel_preferences', 'the owner deletes their own preferences');
select tests.clear_authentication();
select results_eq(
  format($$select user_id, budget_level from public.travel_preferences where user_id in (%L, %L, %L, %L) order by budget_level desc$$,
    :'owner', :'other', :'deleted', :'admin'),
  format($$values (%L::uuid, 'mid'), (%L::uuid, 'luxury')$$, :'admin', :'other'),
  'the service role''s and the owner''s writes took effect');

-- Cascade and catalog --------------------------------------------------------------------------------
delete from auth.users where id = :'other';
select is_empty(format($$select 1 from public.addresses where user_id = %L
  union all select 1 from public.travel_preferences where user_id = %L$$, :'other', :'other'),
  'deleting the auth user deletes their addresses and preferences');
select ok((select bool_and(relrowsecurity) from pg_class
  where oid in ('public.addresses'::regclass, 'public.travel_preferences'::regclass)), 'RLS is on for both tables');

select * from finish();
rollback;
