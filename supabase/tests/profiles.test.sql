-- profiles: created by the auth trigger; owner reads and updates allowed columns; nobody else does.
begin;
select plan(21);

select tests.create_user('owner@example.test', '{"display_name": "Olive Owner", "locale": "fr-CA"}') as owner \gset
select tests.create_user('other@example.test') as other \gset

-- Trigger --------------------------------------------------------------------------------------------
select is((select display_name from public.profiles where id = :'owner'), 'Olive Owner',
  'the trigger creates a profile named from user metadata');
select is((select locale from public.profiles where id = :'owner'), 'fr-CA', 'the locale comes from metadata');
select is((select display_name from public.profiles where id = :'other'), 'other',
  'without a display name, the email local part is used');

-- Owner ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select results_eq('select id from public.profiles', format('values (%L::uuid)', :'owner'),
  'the owner sees exactly their profile');
select lives_ok(
  $$update public.profiles set display_name = 'Olive', home_currency = 'CAD', marketing_consent = true$$,
  'the owner updates the allowed columns');
select throws_ok(
  format($$update public.profiles set id = %L where true$$, :'other'),
  '42501', 'permission denied for table profiles', 'the owner cannot change the id');
select throws_ok(
  $$update public.profiles set created_at = now() - interval '1 year'$$,
  '42501', 'permission denied for table profiles', 'the owner cannot change created_at');
select throws_ok(
  format($$insert into public.profiles (id, display_name) values (%L, 'second')$$, :'owner'),
  '42501', 'permission denied for table profiles', 'nobody inserts profiles through the API');
select throws_ok('delete from public.profiles', '42501', 'permission denied for table profiles',
  'nobody deletes profiles through the API');
select throws_ok($$update public.profiles set home_currency = 'euro'$$, '23514', null,
  'a bad currency code violates the check');

-- Other user -----------------------------------------------------------------------------------------
select tests.authenticate_as(:'other');
select is_empty(format('select 1 from public.profiles where id = %L', :'owner'),
  'another user cannot see the owner''s profile');
update public.profiles set display_name = 'hijacked' where id = :'owner';
select tests.authenticate_as(:'owner');
select is((select display_name from public.profiles), 'Olive',
  'another user''s update of the owner''s profile changes nothing');
select is((select home_currency from public.profiles), 'CAD', 'the owner''s own update stuck');

-- Anon -----------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok('select * from public.profiles', '42501', 'permission denied for table profiles',
  'anon cannot read profiles');
select throws_ok($$update public.profiles set display_name = 'x'$$, '42501',
  'permission denied for table profiles', 'anon cannot update profiles');

-- Service role ---------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select ok((select count(*) from public.profiles where id in (:'owner', :'other')) = 2,
  'the service role sees every profile');
select lives_ok(format($$update public.profiles set display_name = 'Set by support' where id = %L$$, :'other'),
  'the service role may update any profile');

-- Cascade --------------------------------------------------------------------------------------------
select tests.clear_authentication();
delete from auth.users where id = :'other';
select is_empty(format('select 1 from public.profiles where id = %L', :'other'),
  'deleting the auth user deletes the profile');

-- Catalog --------------------------------------------------------------------------------------------
select ok((select relrowsecurity from pg_class where oid = 'public.profiles'::regclass), 'RLS is on');
select ok(not has_table_privilege('anon', 'public.profiles', 'select'), 'anon has no select grant');
select ok(not has_column_privilege('authenticated', 'public.profiles', 'id', 'update'),
  'authenticated has no update grant on id');

select * from finish();
rollback;
