-- feature_flags and feature_flag_overrides: everyone reads flags, users read their own overrides, only
-- admins write; is_feature_enabled(key) = the caller's override, else the global switch and a stable
-- per-user percentage rollout (anonymous callers get full rollouts only).
begin;
select plan(62);

select tests.create_user('user@example.test') as usr \gset
select tests.create_user('other@example.test') as other \gset
select tests.create_user('admin@example.test') as admin \gset
select tests.create_user('fake-admin@example.test') as fake_admin \gset

-- Fixtures (as postgres) -----------------------------------------------------------------------------
update public.profiles set role = 'admin' where id = :'admin';
insert into public.feature_flags (key, description, enabled, rollout_percent) values
  ('test.off', 'globally off', false, 100),
  ('test.on', 'globally on', true, 100),
  ('test.zero', 'on for nobody', true, 0),
  ('test.half', 'on for half', true, 50),
  ('test.beta', 'off, with a beta tester', false, 100),
  ('test.kill', 'on, switched off for one user', true, 100);
insert into public.feature_flag_overrides (flag_key, user_id, enabled) values
  ('test.beta', :'usr', true),
  ('test.kill', :'usr', false),
  ('test.on', :'other', false),
  ('test.zero', :'other', true);

-- Anon -----------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select results_eq($$select key from public.feature_flags where key like 'test.%' order by key$$,
  $$values ('test.beta'), ('test.half'), ('test.kill'), ('test.off'), ('test.on'), ('test.zero')$$,
  'anon reads every flag');
select is_empty('select 1 from public.feature_flag_overrides', 'anon reads no override');
select throws_ok($$insert into public.feature_flags (key) values ('anon.flag')$$,
  '42501', 'permission denied for table feature_flags', 'anon cannot create flags');
select throws_ok($$update public.feature_flags set enabled = true$$,
  '42501', 'permission denied for table feature_flags', 'anon cannot update flags');
select throws_ok('delete from public.feature_flags', '42501', 'permission denied for table feature_flags',
  'anon cannot delete flags');
select throws_ok(format($$insert into public.feature_flag_overrides (flag_key, user_id, enabled) values ('test.off', %L, true)$$, :'usr'),
  '42501', 'permission denied for table feature_flag_overrides', 'anon cannot create overrides');
select throws_ok($$update public.feature_flag_overrides set enabled = true$$,
  '42501', 'permission denied for table feature_flag_overrides', 'anon cannot update overrides');
select throws_ok('delete from public.feature_flag_overrides', '42501', 'permission denied for table feature_flag_overrides',
  'anon cannot delete overrides');
select results_eq(
  $$select public.is_feature_enabled('test.on'), public.is_feature_enabled('test.half'), public.is_feature_enabled('test.zero'),
    public.is_feature_enabled('test.off'), public.is_feature_enabled('test.beta'), public.is_feature_enabled('test.unknown')$$,
  $$values (true, false, false, false, false, false)$$,
  'anon gets true only for enabled flags rolled out to 100%');

-- User -----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'usr');
select is((select count(*)::int from public.feature_flags where key like 'test.%'), 6, 'a user reads every flag');
select results_eq('select flag_key, user_id from public.feature_flag_overrides order by flag_key',
  format($$values ('test.beta', %1$L::uuid), ('test.kill', %1$L::uuid)$$, :'usr'),
  'a user reads only their own overrides');
select is(public.is_feature_enabled('test.unknown'), false, 'an unknown flag is off');
select is(public.is_feature_enabled('test.off'), false, 'a disabled flag is off');
select is(public.is_feature_enabled('test.beta'), true, 'a disabled flag is on for a user with an override true');
select is(public.is_feature_enabled('test.kill'), false, 'an override false wins over an enabled flag');
select is(public.is_feature_enabled('test.on'), true, 'an enabled flag at 100% is on');
select is(public.is_feature_enabled('test.zero'), false, 'an enabled flag at 0% is off');
select public.is_feature_enabled('test.half') as usr_half \gset
select is(public.is_feature_enabled('test.half'), :'usr_half'::boolean, 'a 50% rollout gives the same answer on every call');
select is(:'usr_half'::boolean, private.rollout_bucket('test.half', :'usr') < 50,
  'the 50% rollout answer is rollout_bucket(key, uid) < 50');
select throws_ok($$insert into public.feature_flags (key) values ('user.flag')$$,
  '42501', 'new row violates row-level security policy for table "feature_flags"', 'a user cannot create flags');
select is_empty($$update public.feature_flags set enabled = true returning key$$, 'a user''s update of flags affects nothing');
select is_empty($$delete from public.feature_flags returning key$$, 'a user''s delete of flags affects nothing');
select throws_ok(format($$insert into public.feature_flag_overrides (flag_key, user_id, enabled) values ('test.off', %L, true)$$, :'usr'),
  '42501', 'new row violates row-level security policy for table "feature_flag_overrides"',
  'a user cannot give themselves an override');
select is_empty($$update public.feature_flag_overrides set enabled = true returning flag_key$$,
  'a user cannot flip their own override');
select is_empty($$delete from public.feature_flag_overrides returning flag_key$$, 'a user cannot delete their own override');

-- Another user ---------------------------------------------------------------------------------------
select tests.authenticate_as(:'other');
select results_eq('select flag_key from public.feature_flag_overrides order by flag_key',
  $$values ('test.on'), ('test.zero')$$, 'another user reads only their own overrides');
select is(public.is_feature_enabled('test.beta'), false, 'the first user''s override does not apply to another user');
select is(public.is_feature_enabled('test.kill'), true, 'nor does their override false');
select is(public.is_feature_enabled('test.on'), false, 'an override false turns off a 100% flag');
select is(public.is_feature_enabled('test.zero'), true, 'an override true turns on a 0% flag');

-- Token says admin but the profile does not ----------------------------------------------------------
select tests.authenticate_as(:'fake_admin', '{"user_role": "admin"}');
select is_empty('select 1 from public.feature_flag_overrides', 'a fake admin reads no override');
select throws_ok($$insert into public.feature_flags (key) values ('fake.flag')$$,
  '42501', 'new row violates row-level security policy for table "feature_flags"', 'a fake admin cannot create flags');
select is_empty($$update public.feature_flags set enabled = true returning key$$, 'a fake admin updates no flag');

-- Admin ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select is((select count(*)::int from public.feature_flag_overrides where flag_key like 'test.%'), 4, 'an admin reads every override');
select lives_ok($$insert into public.feature_flags (key, description, enabled, rollout_percent) values ('test.new', 'new', true, 10)$$,
  'an admin creates a flag');
select lives_ok($$update public.feature_flags set enabled = true, rollout_percent = 100 where key = 'test.off'$$,
  'an admin updates a flag');
select throws_ok($$update public.feature_flags set key = 'test.renamed' where key = 'test.new'$$,
  '42501', 'permission denied for table feature_flags', 'the key is not in the update grant');
select throws_ok($$update public.feature_flags set rollout_percent = 101 where key = 'test.new'$$,
  '23514', 'new row for relation "feature_flags" violates check constraint "feature_flags_rollout_percent_check"',
  'rollout_percent is at most 100');
select throws_ok($$insert into public.feature_flags (key) values ('Bad Key')$$,
  '23514', 'new row for relation "feature_flags" violates check constraint "feature_flags_key_check"',
  'flag keys are lower-case slugs');
select lives_ok($$delete from public.feature_flags where key = 'test.new'$$, 'an admin deletes a flag');
select lives_ok(format($$insert into public.feature_flag_overrides (flag_key, user_id, enabled) values ('test.half', %L, true)$$, :'other'),
  'an admin creates an override for a user');
select lives_ok(format($$update public.feature_flag_overrides set enabled = true where flag_key = 'test.kill' and user_id = %L$$, :'usr'),
  'an admin flips an override');
select lives_ok(format($$delete from public.feature_flag_overrides where flag_key = 'test.beta' and user_id = %L$$, :'usr'),
  'an admin deletes an override');
select throws_ok(format($$update public.feature_flag_overrides set user_id = %L where flag_key = 'test.half'$$, :'usr'),
  '42501', 'permission denied for table feature_flag_overrides', 'an override cannot be moved to another user');

select tests.authenticate_as(:'usr');
select results_eq(
  $$select public.is_feature_enabled('test.off'), public.is_feature_enabled('test.kill'), public.is_feature_enabled('test.beta')$$,
  $$values (true, true, false)$$, 'the admin''s changes apply to the user at once');
select tests.authenticate_as(:'other');
select is(public.is_feature_enabled('test.half'), true, 'the admin''s new override applies to the other user');

-- Service role ---------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.feature_flag_overrides where flag_key like 'test.%'), 4,
  'the service role reads every override');
select lives_ok($$insert into public.feature_flags (key, enabled) values ('test.ops', true)$$, 'the service role creates a flag');
select lives_ok($$update public.feature_flags set rollout_percent = 20 where key = 'test.ops'$$, 'the service role updates a flag');
select lives_ok(format($$insert into public.feature_flag_overrides (flag_key, user_id, enabled) values ('test.ops', %L, false)$$, :'usr'),
  'the service role creates an override');
select lives_ok($$delete from public.feature_flags where key = 'test.ops'$$,
  'the service role deletes a flag (its overrides go with it)');

-- State after the refused writes ---------------------------------------------------------------------
select tests.clear_authentication();
select results_eq($$select key, enabled, rollout_percent from public.feature_flags where key like 'test.%' order by key$$,
  $$values ('test.beta', false, 100::smallint), ('test.half', true, 50::smallint), ('test.kill', true, 100::smallint),
    ('test.off', true, 100::smallint), ('test.on', true, 100::smallint), ('test.zero', true, 0::smallint)$$,
  'only the admin''s and the service role''s flag writes changed anything');
select results_eq($$select flag_key, enabled from public.feature_flag_overrides where flag_key like 'test.%' order by flag_key$$,
  $$values ('test.half', true), ('test.kill', true), ('test.on', false), ('test.zero', true)$$,
  'only the admin''s override writes changed anything');

-- The rollout bucket ----------------------------------------------------------------------------------
select is(private.rollout_bucket('k', '00000000-0000-0000-0000-000000000000'), 72,
  'the bucket is sha256(key:uid), first 32 bits, mod 100 (reference value computed outside Postgres)');
select is(private.rollout_bucket('test.half', :'usr'), private.rollout_bucket('test.half', :'usr'), 'the bucket is stable');

-- 200 users: about half get a 50% rollout, exactly those whose bucket is below 50.
create temporary table rollout_results (user_id uuid primary key, enabled boolean not null) on commit drop;
grant all on rollout_results to authenticated;
do $$
declare
  uid uuid;
begin
  for i in 1..200 loop
    uid := tests.create_user(format('rollout-%s@example.test', i));
    perform tests.authenticate_as(uid);
    insert into rollout_results values (uid, public.is_feature_enabled('test.half'));
    perform tests.clear_authentication();
  end loop;
end;
$$;
select is((select count(*)::int from rollout_results), 200, '200 users were asked');
select ok((select count(*) filter (where enabled) between 70 and 130 from rollout_results),
  format('roughly half of 200 users get a 50%% rollout (got %s)', (select count(*) filter (where enabled) from rollout_results)));
select is_empty($$select user_id from rollout_results where enabled <> (private.rollout_bucket('test.half', user_id) < 50)$$,
  'every user''s answer matches rollout_bucket < 50');
select ok((select min(private.rollout_bucket('test.half', user_id)) >= 0 and max(private.rollout_bucket('test.half', user_id)) <= 99
  from rollout_results), 'buckets are between 0 and 99');
select ok((select count(distinct private.rollout_bucket('test.half', user_id)) > 50 from rollout_results),
  'buckets are spread out');
select ok((select count(*) filter (where (private.rollout_bucket('test.half', user_id) < 50) <> (private.rollout_bucket('test.on', user_id) < 50)) > 0
  from rollout_results), 'different flags put users in different buckets');

-- Catalog --------------------------------------------------------------------------------------------
select ok((select bool_and(relrowsecurity) from pg_class
  where oid in ('public.feature_flags'::regclass, 'public.feature_flag_overrides'::regclass)), 'RLS is on for both tables');

select * from finish();
rollback;
