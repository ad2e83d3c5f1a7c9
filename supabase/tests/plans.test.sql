-- plans: the owner has full control (through the column grants); public plans are readable by everyone,
-- unlisted and private ones only by their owner through the table; a DELETE soft-deletes; deleted and
-- suspended accounts see nothing of their own; deleting the auth user removes the rows for good.
begin;
select plan(76);

-- Fixtures (as postgres) -----------------------------------------------------------------------------
select tests.create_user('owner@example.test', '{"display_name": "Olive Owner"}') as owner \gset
select tests.create_user('other@example.test') as other \gset
select tests.create_user('admin@example.test') as admin \gset
select tests.create_user('suspended@example.test') as suspended \gset
select tests.create_user('leaving@example.test') as leaving \gset
update public.profiles set role = 'admin' where id = :'admin';

insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Private trip', 'Lisbon', '2027-05-01', '2027-05-03', 'private') returning id as private_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Unlisted trip', 'Porto', '2027-06-01', '2027-06-03', 'unlisted') returning id as unlisted_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Public trip', 'Rome', '2027-07-01', '2027-07-03', 'public') returning id as public_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'suspended', 'Suspended private', 'Oslo', '2027-01-01', '2027-01-02', 'private') returning id as suspended_private \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'suspended', 'Suspended unlisted', 'Oslo', '2027-01-01', '2027-01-02', 'unlisted') returning id as suspended_unlisted \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'leaving', 'Leaving private', 'Bergen', '2027-01-01', '2027-01-02', 'private') returning id as leaving_private \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'leaving', 'Leaving unlisted', 'Bergen', '2027-01-01', '2027-01-02', 'unlisted') returning id as leaving_unlisted \gset
update public.profiles set suspended_at = now(), suspended_reason = 'test' where id = :'suspended';
update public.profiles set deleted_at = now() where id = :'leaving';

-- Anon -----------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select results_eq(
  format('select id from public.plans where id in (%L, %L, %L)', :'private_plan', :'unlisted_plan', :'public_plan'),
  format('values (%L::uuid)', :'public_plan'),
  'anon reads the public plan and nothing else');
select is_empty(format('select 1 from public.plans where id = %L', :'private_plan'), 'anon cannot see a private plan');
select is_empty(format('select 1 from public.plans where id = %L', :'unlisted_plan'),
  'anon cannot read an unlisted plan through the table');
select throws_ok(
  $$insert into public.plans (title, destination, start_date, end_date) values ('t', 'd', '2027-01-01', '2027-01-02')$$,
  '42501', 'permission denied for table plans', 'anon cannot insert plans');
select throws_ok(format($$update public.plans set title = 'anon' where id = %L$$, :'public_plan'),
  '42501', 'permission denied for table plans', 'anon cannot update plans, even public ones');
select throws_ok(format($$delete from public.plans where id = %L$$, :'public_plan'),
  '42501', 'permission denied for table plans', 'anon cannot delete plans');

-- Owner: read and insert -----------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select results_eq(
  'select id from public.plans order by start_date',
  format('values (%L::uuid), (%L::uuid), (%L::uuid)', :'private_plan', :'unlisted_plan', :'public_plan'),
  'the owner reads all their plans (private, unlisted, public) and no other private ones');
select lives_ok(
  $$insert into public.plans (title, destination, start_date, end_date, budget_amount, interests)
    values ('Fresh plan', 'Madrid', '2027-09-01', '2027-09-04', 900, '{food,art}')$$,
  'the owner inserts a plan');
select id as fresh_plan from public.plans where title = 'Fresh plan' \gset
select is((select user_id from public.plans where id = :'fresh_plan'), :'owner'::uuid,
  'user_id defaults to the caller');
select is((select visibility from public.plans where id = :'fresh_plan'), 'private'::public.plan_visibility,
  'a new plan is private by default');
select is((select published_at from public.plans where id = :'fresh_plan'), null::timestamptz,
  'a private plan has no published_at');
select is(
  (select count(*)::int from public.activity_log
   where action = 'plan.created' and entity_type = 'plan' and entity_id = :'fresh_plan' and user_id = :'owner'),
  1, 'inserting a plan writes a plan.created activity row for the owner');
select throws_ok(
  format($$insert into public.plans (user_id, title, destination, start_date, end_date)
    values (%L, 'Planted', 'Nice', '2027-01-01', '2027-01-02')$$, :'other'),
  '42501', 'permission denied for table plans', 'the owner cannot insert a plan for another user (user_id not granted)');
select throws_ok(
  $$insert into public.plans (title, destination, start_date, end_date, published_at)
    values ('Backdated', 'Nice', '2027-01-01', '2027-01-02', '2000-01-01')$$,
  '42501', 'permission denied for table plans', 'the owner cannot choose published_at on insert');
select throws_ok(
  $$insert into public.plans (title, destination, start_date, end_date, deleted_at)
    values ('Pre-deleted', 'Nice', '2027-01-01', '2027-01-02', now())$$,
  '42501', 'permission denied for table plans', 'the owner cannot choose deleted_at on insert');
select throws_ok(
  $$insert into public.plans (title, destination, start_date, end_date) values ('Backwards', 'Nice', '2027-01-05', '2027-01-01')$$,
  '23514', null, 'end_date before start_date violates a check');
select lives_ok(
  $$insert into public.plans (title, destination, start_date, end_date, visibility)
    values ('Published at once', 'Nice', '2027-10-01', '2027-10-02', 'public')$$,
  'the owner inserts a plan that is public from the start');
select is((select published_at from public.plans where title = 'Published at once'), now(),
  'a plan inserted as public gets published_at = now()');

-- Owner: update --------------------------------------------------------------------------------------
select lives_ok(format($$update public.plans set title = 'Renamed', pace = 'relaxed' where id = %L$$, :'private_plan'),
  'the owner updates the granted columns');
select is((select title from public.plans where id = :'private_plan'), 'Renamed', 'the owner''s update stuck');
select throws_ok(format($$update public.plans set user_id = %L where id = %L$$, :'other', :'private_plan'),
  '42501', 'permission denied for table plans', 'the owner cannot give a plan away (user_id not granted)');
select throws_ok(format($$update public.plans set published_at = '2000-01-01' where id = %L$$, :'public_plan'),
  '42501', 'permission denied for table plans', 'the owner cannot set published_at directly');
select throws_ok(format($$update public.plans set deleted_at = now() where id = %L$$, :'private_plan'),
  '42501', 'permission denied for table plans', 'the owner cannot set deleted_at directly');
select throws_ok(format($$update public.plans set created_at = now() where id = %L$$, :'private_plan'),
  '42501', 'permission denied for table plans', 'the owner cannot rewrite created_at');

-- published_at follows visibility
select lives_ok(format($$update public.plans set visibility = 'public' where id = %L$$, :'fresh_plan'),
  'the owner publishes a plan');
select is((select published_at from public.plans where id = :'fresh_plan'), now(),
  'published_at is set when a plan becomes public');
select is(
  (select details from public.activity_log where action = 'plan.visibility_changed' and entity_id = :'fresh_plan'),
  '{"from": "private", "to": "public"}'::jsonb, 'the visibility change is logged');
select lives_ok(format($$update public.plans set visibility = 'unlisted' where id = %L$$, :'fresh_plan'),
  'the owner makes the plan unlisted');
select is((select published_at from public.plans where id = :'fresh_plan'), null::timestamptz,
  'published_at is cleared when a plan leaves public');
select lives_ok(format($$update public.plans set visibility = 'private' where id = %L$$, :'fresh_plan'),
  'the owner makes the plan private');
select is((select published_at from public.plans where id = :'fresh_plan'), null::timestamptz,
  'a private plan still has no published_at');

-- Another user ---------------------------------------------------------------------------------------
select tests.authenticate_as(:'other');
select results_eq(
  format('select id from public.plans where id in (%L, %L, %L)', :'private_plan', :'unlisted_plan', :'public_plan'),
  format('values (%L::uuid)', :'public_plan'),
  'another user reads the owner''s public plan only');
select is_empty(format('select 1 from public.plans where id = %L', :'private_plan'),
  'another user cannot see a private plan');
select is_empty(format('select 1 from public.plans where id = %L', :'unlisted_plan'),
  'another user cannot read an unlisted plan through the table');
select is_empty(format($$update public.plans set title = 'hijacked' where id = %L returning 1$$, :'public_plan'),
  'another user''s update of a public plan affects no row');
select is_empty(format($$update public.plans set title = 'hijacked' where id = %L returning 1$$, :'private_plan'),
  'another user''s update of a private plan affects no row');
select is_empty(format($$delete from public.plans where id = %L returning 1$$, :'public_plan'),
  'another user''s delete of a public plan affects no row');
select throws_ok(
  format($$insert into public.plans (user_id, title, destination, start_date, end_date)
    values (%L, 'Planted', 'Nice', '2027-01-01', '2027-01-02')$$, :'owner'),
  '42501', 'permission denied for table plans', 'another user cannot insert a plan in the owner''s name');

-- Admin ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select ok((select private.is_admin()), 'the admin fixture really has admin powers');
select results_eq(
  format('select id from public.plans where id in (%L, %L, %L)', :'private_plan', :'unlisted_plan', :'public_plan'),
  format('values (%L::uuid)', :'public_plan'),
  'an admin reads public plans only: no admin bypass on private or unlisted plans');
select is_empty(format($$update public.plans set title = 'moderated' where id = %L returning 1$$, :'public_plan'),
  'an admin''s update of someone''s public plan affects no row');
select is_empty(format($$delete from public.plans where id = %L returning 1$$, :'private_plan'),
  'an admin''s delete of someone''s private plan affects no row');

-- Service role ---------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is(
  (select count(*)::int from public.plans where id in (:'private_plan', :'unlisted_plan', :'public_plan')), 3,
  'the service role reads every plan');
select lives_ok(format($$update public.plans set summary = 'checked by support' where id = %L$$, :'private_plan'),
  'the service role updates any plan');
select lives_ok(
  format($$insert into public.plans (user_id, title, destination, start_date, end_date)
    values (%L, 'Made by a job', 'Nice', '2027-01-01', '2027-01-02')$$, :'other'),
  'the service role inserts a plan for a user');

-- What the refusals left behind (as postgres) ---------------------------------------------------------
select tests.clear_authentication();
select is((select title from public.plans where id = :'public_plan'), 'Public trip',
  'the public plan''s title is untouched by other users and admins');
select is((select title from public.plans where id = :'private_plan'), 'Renamed',
  'the private plan''s title is untouched by other users');
select is((select summary from public.plans where id = :'private_plan'), 'checked by support',
  'the service role''s update stuck');
select is((select count(*)::int from public.plans where id in (:'public_plan', :'private_plan') and deleted_at is null), 2,
  'refused deletes deleted nothing');

-- Owner: delete is a soft delete ---------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select lives_ok(format($$delete from public.plans where id = %L$$, :'public_plan'), 'the owner deletes their public plan');
select is_empty(format('select 1 from public.plans where id = %L', :'public_plan'),
  'the deleted plan is invisible to its owner');
select is_empty(format($$update public.plans set title = 'zombie' where id = %L returning 1$$, :'public_plan'),
  'the owner cannot update a deleted plan');
select is((select count(*)::int from public.activity_log where action = 'plan.deleted' and entity_id = :'public_plan'), 1,
  'the owner reads a plan.deleted activity row');

select tests.authenticate_as_anon();
select is_empty(format('select 1 from public.plans where id = %L', :'public_plan'),
  'a soft-deleted public plan is invisible to anon');

select tests.clear_authentication();
select isnt((select deleted_at from public.plans where id = :'public_plan'), null::timestamptz,
  'the row still exists, with deleted_at set');
select is((select visibility from public.plans where id = :'public_plan'), 'private'::public.plan_visibility,
  'the soft delete makes the plan private');
select is((select published_at from public.plans where id = :'public_plan'), null::timestamptz,
  'the soft delete clears published_at');
select is(
  (select count(*)::int from public.activity_log
   where action = 'plan.deleted' and entity_type = 'plan' and entity_id = :'public_plan'
     and user_id = :'owner' and actor_id is null),
  1, 'a plan.deleted activity row names the owner and no other actor');
select is((select count(*)::int from public.activity_log where action = 'plan.visibility_changed' and entity_id = :'public_plan'), 0,
  'the soft delete does not log a visibility change');

-- deleted_at alone hides a plan that still says public
update public.plans set deleted_at = now() where id = :'unlisted_plan';
update public.plans set visibility = 'public' where id = :'unlisted_plan';
select tests.authenticate_as_anon();
select is_empty(format('select 1 from public.plans where id = %L', :'unlisted_plan'),
  'a plan marked deleted is invisible to anon even while its visibility is public');
select tests.authenticate_as(:'other');
select is_empty(format('select 1 from public.plans where id = %L', :'unlisted_plan'),
  'a plan marked deleted is invisible to other users even while its visibility is public');

-- Suspended and deleted accounts ---------------------------------------------------------------------
select tests.authenticate_as(:'suspended');
select is_empty(format('select 1 from public.plans where id in (%L, %L)', :'suspended_private', :'suspended_unlisted'),
  'a suspended account sees none of its own plans, even with a valid token');
select is_empty(format($$update public.plans set title = 'still here' where id = %L returning 1$$, :'suspended_private'),
  'a suspended account cannot update its plans');
select is_empty(format($$delete from public.plans where id = %L returning 1$$, :'suspended_private'),
  'a suspended account cannot delete its plans');
select throws_ok(
  $$insert into public.plans (title, destination, start_date, end_date) values ('t', 'd', '2027-01-01', '2027-01-02')$$,
  '42501', 'new row violates row-level security policy for table "plans"', 'a suspended account cannot insert plans');

select tests.authenticate_as(:'leaving');
select is_empty(format('select 1 from public.plans where id in (%L, %L)', :'leaving_private', :'leaving_unlisted'),
  'a deleted account sees none of its own plans, even with a valid token');
select is_empty(format($$update public.plans set title = 'still here' where id = %L returning 1$$, :'leaving_private'),
  'a deleted account cannot update its plans');
select throws_ok(
  $$insert into public.plans (title, destination, start_date, end_date) values ('t', 'd', '2027-01-01', '2027-01-02')$$,
  '42501', 'new row violates row-level security policy for table "plans"', 'a deleted account cannot insert plans');

select tests.clear_authentication();
select is((select count(*)::int from public.plans where user_id in (:'suspended', :'leaving') and deleted_at is null), 4,
  'the suspended and deleted accounts'' plans were not changed');

-- Hard delete: deleting the auth user cascades through the soft-delete trigger -----------------------
insert into public.plan_days (plan_id, day_number, date) values (:'private_plan', 1, '2027-05-01');
delete from auth.users where id = :'owner';
select is_empty(format('select 1 from public.plans where user_id = %L', :'owner'),
  'deleting the auth user removes all of its plans for good, soft-deleted ones included');
select is_empty(format('select 1 from public.plan_days where plan_id = %L', :'private_plan'),
  'and their days');
select is(
  (select count(*)::int from public.activity_log where entity_id = :'private_plan' and user_id is null), 1,
  'the plan''s activity rows stay, without the user id');

-- Catalog --------------------------------------------------------------------------------------------
select ok((select relrowsecurity from pg_class where oid = 'public.plans'::regclass), 'RLS is on for plans');
select ok(not has_table_privilege('anon', 'public.plans', 'insert, update, delete'), 'anon has no write grant on plans');
select ok(not has_column_privilege('authenticated', 'public.plans', 'user_id', 'insert, update'),
  'authenticated has no insert or update grant on user_id');
select ok(not has_column_privilege('authenticated', 'public.plans', 'published_at', 'insert, update')
  and not has_column_privilege('authenticated', 'public.plans', 'deleted_at', 'insert, update'),
  'authenticated has no insert or update grant on published_at or deleted_at');

select * from finish();
rollback;
