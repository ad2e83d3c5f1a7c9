-- announcements: users read the active ones meant for their audience; admins (token AND profile role,
-- aal2 when MFA is enrolled) read and manage all of them, and every admin write is logged.
begin;
select plan(48);

select tests.create_user('free@example.test') as free_user \gset
select tests.create_user('pro@example.test') as pro_user \gset
select tests.create_user('admin@example.test') as admin \gset
select tests.create_user('mfa-admin@example.test') as mfa_admin \gset
select tests.create_user('fake-admin@example.test') as fake_admin \gset
select tests.create_user('suspended-admin@example.test') as suspended_admin \gset

-- Fixtures (as postgres) -----------------------------------------------------------------------------
update public.profiles set role = 'admin' where id in (:'admin', :'mfa_admin', :'suspended_admin');
update public.profiles set tier = 'pro' where id = :'pro_user';
update public.profiles set suspended_at = now() where id = :'suspended_admin';
insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at)
values (gen_random_uuid(), :'mfa_admin', 'phone app', 'totp', 'verified', now(), now());

insert into public.announcements (id, title, body, audience, starts_at, ends_at) values
  ('a1000000-0000-4000-8000-000000000001', 'all-active', 'For everyone', 'all', now() - interval '1 day', null),
  ('a1000000-0000-4000-8000-000000000002', 'free-active', 'For free users', 'free', now() - interval '1 day', now() + interval '1 day'),
  ('a1000000-0000-4000-8000-000000000003', 'pro-active', 'For pro users', 'pro', now() - interval '1 day', now() + interval '1 day'),
  ('a1000000-0000-4000-8000-000000000004', 'admins-active', 'For admins', 'admins', now() - interval '1 day', null),
  ('a1000000-0000-4000-8000-000000000005', 'all-future', 'Not yet', 'all', now() + interval '1 day', null),
  ('a1000000-0000-4000-8000-000000000006', 'all-expired', 'Over', 'all', now() - interval '2 days', now() - interval '1 day'),
  ('a1000000-0000-4000-8000-000000000007', 'all-starts-now', 'Exactly now', 'all', now(), now() + interval '1 hour');

-- Regular users --------------------------------------------------------------------------------------
select tests.authenticate_as(:'free_user', '{"tier": "free"}');
select results_eq('select title from public.announcements order by title',
  $$values ('all-active'), ('all-starts-now'), ('free-active')$$,
  'a free user sees the active announcements for everyone and for free users');
select throws_ok($$insert into public.announcements (title, body) values ('spam', 'spam')$$,
  '42501', 'new row violates row-level security policy for table "announcements"', 'a free user cannot publish');
select is_empty($$update public.announcements set title = 'defaced' returning id$$, 'a free user''s update affects nothing');
select is_empty($$delete from public.announcements returning id$$, 'a free user''s delete affects nothing');
select throws_ok(format($$insert into public.announcements (title, body, created_by) values ('x', 'y', %L)$$, :'admin'),
  '42501', 'permission denied for table announcements', 'created_by is not in the insert grant');

select tests.authenticate_as(:'pro_user', '{"tier": "pro"}');
select results_eq('select title from public.announcements order by title',
  $$values ('all-active'), ('all-starts-now'), ('pro-active')$$,
  'a pro user sees the active announcements for everyone and for pro users');
select is_empty($$update public.announcements set title = 'defaced' returning id$$, 'a pro user''s update affects nothing');

select tests.authenticate_as(:'free_user');
select results_eq('select title from public.announcements order by title',
  $$values ('all-active'), ('all-starts-now')$$,
  'without a tier claim only the announcements for everyone are visible');

select tests.authenticate_as(:'free_user', '{"tier": "pro"}');
select results_eq('select title from public.announcements order by title',
  $$values ('all-active'), ('all-starts-now'), ('pro-active')$$,
  'the audience follows the tier claim of the token');

-- Admin ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select results_eq('select title from public.announcements order by title',
  $$values ('admins-active'), ('all-active'), ('all-expired'), ('all-future'), ('all-starts-now'), ('free-active'), ('pro-active')$$,
  'an admin sees every announcement, including future, expired and admins-only ones');
select lives_ok(
  $$insert into public.announcements (title, body, audience, starts_at, ends_at)
    values ('maintenance', 'Down on Sunday', 'all', now(), now() + interval '2 days')$$,
  'an admin publishes an announcement');
select is((select created_by from public.announcements where title = 'maintenance'), :'admin'::uuid,
  'created_by defaults to the admin');
select lives_ok($$update public.announcements set body = 'Down on Saturday' where title = 'maintenance'$$,
  'an admin edits an announcement');
select is((select body from public.announcements where title = 'maintenance'), 'Down on Saturday', 'the edit stuck');
select lives_ok($$delete from public.announcements where id = 'a1000000-0000-4000-8000-000000000006'$$,
  'an admin deletes an announcement');
select is_empty($$select 1 from public.announcements where id = 'a1000000-0000-4000-8000-000000000006'$$,
  'the deleted announcement is gone');
select throws_ok(
  $$insert into public.announcements (title, body, starts_at, ends_at) values ('backwards', 'x', now(), now() - interval '1 hour')$$,
  '23514', 'new row for relation "announcements" violates check constraint "announcements_window_in_order"',
  'an announcement cannot end before it starts');

-- The admin's actions are in the activity log -----------------------------------------------------------
select tests.clear_authentication();
select id as maintenance_id from public.announcements where title = 'maintenance' \gset
select results_eq(
  format($$select action, actor_id, user_id, entity_type, entity_id from public.activity_log
    where actor_id = %L order by id$$, :'admin'),
  format($$values
    ('admin.announcement_created', %1$L::uuid, null::uuid, 'announcement', %2$L),
    ('admin.announcement_updated', %1$L::uuid, null::uuid, 'announcement', %2$L),
    ('admin.announcement_deleted', %1$L::uuid, null::uuid, 'announcement', 'a1000000-0000-4000-8000-000000000006')$$,
    :'admin', :'maintenance_id'),
  'each admin write leaves an activity row naming the admin as actor');
select is((select details from public.activity_log where action = 'admin.announcement_created' and actor_id = :'admin'),
  '{"audience": "all"}'::jsonb, 'the activity row records the audience');

select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select ok((select count(*) from public.admin_activity_log() where actor_id = :'admin') = 3,
  'the admin reads the activity rows of their actions (with actors, through admin_activity_log)');

-- Admin with a verified MFA factor ------------------------------------------------------------------
select tests.authenticate_as(:'mfa_admin', '{"user_role": "admin"}');
select ok(not (select private.is_admin()), 'an MFA-enrolled admin with an aal1 token has no admin powers');
select results_eq('select title from public.announcements order by title',
  $$values ('all-active'), ('all-starts-now'), ('maintenance')$$,
  'with aal1 the MFA-enrolled admin sees only what a user sees');
select throws_ok($$insert into public.announcements (title, body) values ('aal1', 'x')$$,
  '42501', 'new row violates row-level security policy for table "announcements"',
  'with aal1 the MFA-enrolled admin cannot publish');
select is_empty($$update public.announcements set title = 'aal1 edit' returning id$$,
  'with aal1 the MFA-enrolled admin edits nothing');
select is_empty($$delete from public.announcements returning id$$, 'with aal1 the MFA-enrolled admin deletes nothing');

select tests.authenticate_as(:'mfa_admin', '{"user_role": "admin", "aal": "aal2"}');
select ok((select private.is_admin()), 'with an aal2 token the MFA-enrolled admin has admin powers');
select is((select count(*)::int from public.announcements), 7, 'with aal2 the admin sees every announcement');
select lives_ok($$insert into public.announcements (title, body, audience) values ('aal2', 'x', 'admins')$$,
  'with aal2 the admin publishes');
select lives_ok($$update public.announcements set audience = 'pro' where title = 'aal2'$$, 'with aal2 the admin edits');
select lives_ok($$delete from public.announcements where title = 'aal2'$$, 'with aal2 the admin deletes');

-- Claims that do not match the profile -----------------------------------------------------------------
select tests.authenticate_as(:'fake_admin', '{"user_role": "admin", "aal": "aal2"}');
select ok(not (select private.is_admin()), 'a user_role admin claim without the admin profile role grants nothing');
select results_eq('select title from public.announcements order by title',
  $$values ('all-active'), ('all-starts-now'), ('maintenance')$$,
  'the fake admin sees only what a user sees');
select throws_ok($$insert into public.announcements (title, body) values ('fake', 'x')$$,
  '42501', 'new row violates row-level security policy for table "announcements"', 'the fake admin cannot publish');
select is_empty($$update public.announcements set title = 'fake' returning id$$, 'the fake admin edits nothing');
select is_empty($$delete from public.announcements returning id$$, 'the fake admin deletes nothing');

select tests.authenticate_as(:'admin');
select ok(not (select private.is_admin()), 'an admin profile without the user_role claim grants nothing');
select throws_ok($$insert into public.announcements (title, body) values ('no claim', 'x')$$,
  '42501', 'new row violates row-level security policy for table "announcements"',
  'an admin whose token lacks the claim cannot publish');

select tests.authenticate_as(:'suspended_admin', '{"user_role": "admin"}');
select ok(not (select private.is_admin()), 'a suspended admin has no admin powers');
select is_empty('select 1 from public.announcements', 'a suspended account sees no announcements');

-- Anon -----------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok('select * from public.announcements', '42501', 'permission denied for table announcements',
  'anon cannot read announcements');
select throws_ok($$insert into public.announcements (title, body) values ('x', 'y')$$,
  '42501', 'permission denied for table announcements', 'anon cannot publish');
select throws_ok($$update public.announcements set title = 'x'$$, '42501', 'permission denied for table announcements',
  'anon cannot update announcements');
select throws_ok('delete from public.announcements', '42501', 'permission denied for table announcements',
  'anon cannot delete announcements');

-- Service role ---------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.announcements), 7, 'the service role sees every announcement');
select lives_ok($$insert into public.announcements (title, body, audience) values ('from ops', 'x', 'pro')$$,
  'the service role publishes');
select lives_ok($$update public.announcements set title = 'from ops (edited)' where title = 'from ops'$$,
  'the service role edits');
select lives_ok($$delete from public.announcements where title = 'from ops (edited)'$$, 'the service role deletes');

-- State after the refused writes ---------------------------------------------------------------------
select tests.clear_authentication();
select results_eq('select title from public.announcements order by title',
  $$values ('admins-active'), ('all-active'), ('all-future'), ('all-starts-now'), ('free-active'), ('maintenance'), ('pro-active')$$,
  'only the admins'' and the service role''s writes changed anything');

select * from finish();
rollback;
