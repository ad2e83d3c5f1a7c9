-- The plan trash: the owner lists and restores deleted plans within 30 days; the daily purge deletes
-- older ones for good. Other users, anon and expired plans get nothing.
begin;
select plan(24);

select tests.create_user('trash-a@example.test') as a \gset
select tests.create_user('trash-b@example.test') as b \gset
insert into public.plans (id, user_id, title, destination, start_date, end_date, visibility) values
  ('00000000-0000-4000-8000-00000000e001', :'a', 'Trashed', 'Oslo', current_date, current_date + 1, 'public'),
  ('00000000-0000-4000-8000-00000000e002', :'a', 'Old trash', 'Bergen', current_date, current_date + 1, 'private'),
  ('00000000-0000-4000-8000-00000000e003', :'a', 'Kept', 'Tromso', current_date, current_date + 1, 'private'),
  ('00000000-0000-4000-8000-00000000e004', :'b', 'B trashed', 'Rome', current_date, current_date + 1, 'private');
insert into public.plan_days (id, plan_id, day_number, date)
values ('00000000-0000-4000-8000-00000000e101', '00000000-0000-4000-8000-00000000e002', 1, current_date);
insert into public.plan_items (plan_id, day_id, position, time_slot, title)
values ('00000000-0000-4000-8000-00000000e002', '00000000-0000-4000-8000-00000000e101', 0, 'morning', 'Walk');
insert into public.plan_shares (plan_id) values ('00000000-0000-4000-8000-00000000e001');

-- Deleting through the API (soft delete) ---------------------------------------------------------------
select tests.authenticate_as(:'a');
delete from public.plans where id in ('00000000-0000-4000-8000-00000000e001', '00000000-0000-4000-8000-00000000e002');
select tests.authenticate_as(:'b');
delete from public.plans where id = '00000000-0000-4000-8000-00000000e004';
select tests.clear_authentication();
-- e002 was deleted 31 days ago: past the retention period.
update public.plans set deleted_at = now() - interval '31 days' where id = '00000000-0000-4000-8000-00000000e002';

select tests.authenticate_as(:'a');
select is_empty($$select 1 from public.plans where id = '00000000-0000-4000-8000-00000000e001'$$,
  'a deleted plan is hidden from the table, owner included');
select is((select array_agg(title) from public.list_trashed_plans()), array['Trashed'],
  'the owner''s trash lists their recently deleted plan only (not the expired one, not others'')');
select ok((select purge_after between now() + interval '29 days 23 hours' and now() + interval '30 days'
  from public.list_trashed_plans()), 'with the date it will be purged');
select throws_ok($$select public.restore_plan('00000000-0000-4000-8000-00000000e004')$$, 'PT404',
  'plan not found in the trash', 'another user''s trashed plan cannot be restored');
select throws_ok($$select public.restore_plan('00000000-0000-4000-8000-00000000e002')$$, 'PT404',
  'plan not found in the trash', 'a plan past the retention period cannot be restored');
select throws_ok($$select public.restore_plan('00000000-0000-4000-8000-00000000e003')$$, 'PT404',
  'plan not found in the trash', 'a plan that is not deleted is not in the trash');
select is(public.restore_plan('00000000-0000-4000-8000-00000000e001'), '00000000-0000-4000-8000-00000000e001'::uuid,
  'the owner restores their trashed plan');
select is((select visibility::text from public.plans where id = '00000000-0000-4000-8000-00000000e001'), 'private',
  'it is back, as private');
select is_empty('select 1 from public.list_trashed_plans()', 'and no longer in the trash');
select throws_ok($$select public.restore_plan('00000000-0000-4000-8000-00000000e001')$$, 'PT404',
  'plan not found in the trash', 'restoring twice is a 404');
select throws_ok(format('select public.get_shared_plan(%L)',
  (select token from public.plan_shares where plan_id = '00000000-0000-4000-8000-00000000e001')), 'PT404',
  'share link is invalid, revoked or expired', 'its share link opens nothing while it is private');

select tests.authenticate_as(:'b');
select is((select array_agg(title) from public.list_trashed_plans()), array['B trashed'], 'b sees only b''s trash');

select tests.authenticate_as_anon();
select throws_ok('select * from public.list_trashed_plans()', '42501',
  'permission denied for function list_trashed_plans', 'anon cannot list a trash');
select throws_ok($$select public.restore_plan('00000000-0000-4000-8000-00000000e004')$$, '42501',
  'permission denied for function restore_plan', 'anon cannot restore');

-- A suspended or deleted account restores nothing (active_uid() is null).
select tests.clear_authentication();
update public.profiles set suspended_at = now() where id = :'b';
select tests.authenticate_as(:'b');
select is_empty('select 1 from public.list_trashed_plans()', 'a suspended account lists nothing');
select throws_ok($$select public.restore_plan('00000000-0000-4000-8000-00000000e004')$$, '42501',
  'sign in to restore plans', 'and restores nothing');

select tests.clear_authentication();
select is((select count(*)::int from public.activity_log where user_id = :'a' and action = 'plan.restored'
  and entity_id = '00000000-0000-4000-8000-00000000e001'), 1, 'the restore is logged');

-- The purge ----------------------------------------------------------------------------------------------
select tests.create_user('trash-c@example.test') as c \gset
insert into public.plans (id, user_id, title, destination, start_date, end_date, deleted_at) values
  ('00000000-0000-4000-8000-00000000e005', :'c', 'Pending account', 'Nice', current_date, current_date + 1,
   now() - interval '40 days');
update public.profiles set deleted_at = now() - interval '40 days', purge_after = now() + interval '1 day' where id = :'c';

select is(private.purge_trashed_plans(), 1, 'the purge deletes the one expired trashed plan');
select ok(not exists (select 1 from public.plans where id = '00000000-0000-4000-8000-00000000e002'), 'for good');
select ok(not exists (select 1 from public.plan_items where plan_id = '00000000-0000-4000-8000-00000000e002'),
  'with its days and items');
select ok(exists (select 1 from public.plans where id = '00000000-0000-4000-8000-00000000e004'),
  'a plan still inside the retention period stays');
select ok(exists (select 1 from public.plans where id = '00000000-0000-4000-8000-00000000e005'),
  'plans of an account whose deletion is pending are left to the account purge');

-- Setting the purge flag by hand hard-deletes nothing the purge would not.
select tests.authenticate_as(:'a');
select set_config('private.plan_trash_purge', 'on', true);
delete from public.plans where id = '00000000-0000-4000-8000-00000000e003';
select tests.clear_authentication();
select ok((select deleted_at is not null from public.plans where id = '00000000-0000-4000-8000-00000000e003'),
  'with the purge flag forged, a user''s delete is still a soft delete');

select is((select count(*)::int from cron.job where jobname = 'purge-trashed-plans'), 1, 'the purge runs daily');

select * from finish();
rollback;
