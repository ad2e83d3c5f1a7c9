-- plan_shares and get_shared_plan: only a plan's owner manages its share links; the token is made by the
-- server; a valid token opens an unlisted (or public) plan with its days and items for anyone; a wrong,
-- revoked or expired token, a plan made private again and a deleted plan all answer 404. A private plan is
-- never readable by anyone else, whatever the path.
begin;
select plan(53);

-- Fixtures (as postgres) -----------------------------------------------------------------------------
select tests.create_user('owner@example.test', '{"display_name": "Olive Owner"}') as owner \gset
select tests.create_user('other@example.test') as other \gset
select tests.create_user('admin@example.test') as admin \gset
update public.profiles set role = 'admin' where id = :'admin';

insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Unlisted trip', 'Porto', '2027-06-01', '2027-06-02', 'unlisted') returning id as unlisted_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Private trip', 'Lisbon', '2027-05-01', '2027-05-02', 'private') returning id as private_plan \gset
insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Public trip', 'Rome', '2027-07-01', '2027-07-02', 'public') returning id as public_plan \gset

insert into public.plan_days (plan_id, day_number, date, title)
values (:'unlisted_plan', 2, '2027-06-02', 'Day two') returning id as day_two \gset
insert into public.plan_days (plan_id, day_number, date, title)
values (:'unlisted_plan', 1, '2027-06-01', 'Day one') returning id as day_one \gset
insert into public.plan_items (plan_id, day_id, position, time_slot, title, estimated_cost)
values (:'unlisted_plan', :'day_one', 1, 'evening', 'Port tasting', 15),
       (:'unlisted_plan', :'day_one', 0, 'morning', 'Livraria Lello', 8),
       (:'unlisted_plan', :'day_two', 0, 'afternoon', 'Douro cruise', 20);
insert into public.plan_days (plan_id, day_number, date, title)
values (:'private_plan', 1, '2027-05-01', 'Secret day');

-- Owner: create and manage share links ---------------------------------------------------------------
select tests.authenticate_as(:'owner');
select lives_ok(format($$insert into public.plan_shares (plan_id) values (%L)$$, :'unlisted_plan'),
  'the owner creates a share link with only the plan id');
select id as share_a, token as token_a from public.plan_shares where plan_id = :'unlisted_plan' \gset
select cmp_ok(char_length(:'token_a'::text), '>=', 40, 'the token is at least 40 characters long');
select matches(:'token_a'::text, '^[A-Za-z0-9_-]+$', 'the token is URL-safe');
select lives_ok(
  format($$insert into public.plan_shares (plan_id, expires_at) values (%L, now() + interval '1 hour')$$, :'unlisted_plan'),
  'the owner creates a share link with an expiry');
select id as share_exp, token as token_exp from public.plan_shares where plan_id = :'unlisted_plan' and expires_at is not null \gset
select isnt(:'token_exp'::text, :'token_a'::text, 'every share gets its own token');
select lives_ok(format($$insert into public.plan_shares (plan_id) values (%L)$$, :'unlisted_plan'),
  'the owner creates a third share link (to revoke)');
select id as share_rev, token as token_rev from public.plan_shares
  where plan_id = :'unlisted_plan' and id not in (:'share_a', :'share_exp') \gset
select lives_ok(format($$insert into public.plan_shares (plan_id) values (%L)$$, :'private_plan'),
  'the owner may create a share link on a private plan (it opens nothing while the plan is private)');
select token as token_private from public.plan_shares where plan_id = :'private_plan' \gset
select lives_ok(format($$insert into public.plan_shares (plan_id) values (%L)$$, :'public_plan'),
  'the owner creates a share link on a public plan');
select token as token_public from public.plan_shares where plan_id = :'public_plan' \gset

select throws_ok(
  format($$insert into public.plan_shares (plan_id, token) values (%L, 'my-own-easy-token-my-own-easy-token-1234')$$,
    :'unlisted_plan'),
  '42501', 'permission denied for table plan_shares', 'the owner cannot choose the token');
select throws_ok(format($$update public.plan_shares set token = 'guessable' where id = %L$$, :'share_a'),
  '42501', 'permission denied for table plan_shares', 'the owner cannot change a token');
select throws_ok(format($$update public.plan_shares set plan_id = %L where id = %L$$, :'private_plan', :'share_a'),
  '42501', 'permission denied for table plan_shares', 'a share cannot be moved to another plan');
select is((select count(*)::int from public.plan_shares where plan_id in (:'unlisted_plan', :'private_plan', :'public_plan')), 5,
  'the owner reads all the share links of their plans');
select is(
  (select count(*)::int from public.activity_log where action = 'plan.shared' and entity_id = :'unlisted_plan'), 3,
  'each new share link writes a plan.shared activity row');

-- Another user ---------------------------------------------------------------------------------------
select tests.authenticate_as(:'other');
select is_empty('select 1 from public.plan_shares', 'another user reads no share links (tokens stay secret)');
select throws_ok(format($$insert into public.plan_shares (plan_id) values (%L)$$, :'public_plan'),
  '42501', 'new row violates row-level security policy for table "plan_shares"',
  'another user cannot create a share link on someone''s public plan');
select throws_ok(format($$insert into public.plan_shares (plan_id) values (%L)$$, :'unlisted_plan'),
  '42501', 'new row violates row-level security policy for table "plan_shares"',
  'another user cannot create a share link on someone''s unlisted plan');
select is_empty(format($$update public.plan_shares set revoked_at = now() where id = %L returning 1$$, :'share_a'),
  'another user cannot revoke someone''s share link');
select is_empty(format($$update public.plan_shares set expires_at = now() + interval '10 years' where id = %L returning 1$$, :'share_exp'),
  'another user cannot extend someone''s share link');
select is_empty(format($$delete from public.plan_shares where id = %L returning 1$$, :'share_a'),
  'another user cannot delete someone''s share link');

-- Admin ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select ok((select private.is_admin()), 'the admin fixture really has admin powers');
select is_empty('select 1 from public.plan_shares', 'an admin reads no share links');
select throws_ok(format($$insert into public.plan_shares (plan_id) values (%L)$$, :'private_plan'),
  '42501', 'new row violates row-level security policy for table "plan_shares"',
  'an admin cannot create a share link on someone''s plan');
select is_empty(format($$delete from public.plan_shares where id = %L returning 1$$, :'share_a'),
  'an admin cannot delete someone''s share link');

-- Anon -----------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok('select * from public.plan_shares', '42501', 'permission denied for table plan_shares',
  'anon cannot read share links');
select throws_ok(format($$insert into public.plan_shares (plan_id) values (%L)$$, :'public_plan'),
  '42501', 'permission denied for table plan_shares', 'anon cannot create share links');
select throws_ok(format($$update public.plan_shares set revoked_at = now() where id = %L$$, :'share_a'),
  '42501', 'permission denied for table plan_shares', 'anon cannot revoke share links');

-- get_shared_plan: a valid token opens the unlisted plan --------------------------------------------
select public.get_shared_plan(:'token_a') as doc \gset
select is((:'doc'::jsonb) ->> 'id', :'unlisted_plan', 'anon opens the unlisted plan with its token');
select is((:'doc'::jsonb) ->> 'creator_display_name', 'Olive Owner', 'the document names the creator');
select is(
  (select array_agg(d ->> 'title' order by ord) from jsonb_array_elements((:'doc'::jsonb) -> 'days') with ordinality as t(d, ord)),
  array['Day one', 'Day two'], 'the document holds the days in day order');
select is(
  (select array_agg(i ->> 'title' order by ord)
   from jsonb_array_elements((:'doc'::jsonb) -> 'days' -> 0 -> 'items') with ordinality as t(i, ord)),
  array['Livraria Lello', 'Port tasting'], 'each day holds its items in position order');
select ok(not ((:'doc'::jsonb) ? 'user_id'), 'the document does not expose the owner''s user id');

select tests.authenticate_as(:'other');
select is(public.get_shared_plan(:'token_a') ->> 'title', 'Unlisted trip', 'another user opens the unlisted plan with its token');
select is(public.get_shared_plan(:'token_exp') ->> 'title', 'Unlisted trip', 'a share link before its expiry works');
select is(public.get_shared_plan(:'token_public') ->> 'title', 'Public trip', 'a share link of a public plan works');

-- get_shared_plan: 404s ------------------------------------------------------------------------------
select throws_ok($$select public.get_shared_plan('not-a-real-token')$$,
  'PT404', 'share link is invalid, revoked or expired', 'a wrong token is a 404');
select throws_ok($$select public.get_shared_plan(null)$$,
  'PT404', 'share link is invalid, revoked or expired', 'a null token is a 404');
select throws_ok(format('select public.get_shared_plan(%L)', :'token_private'),
  'PT404', 'share link is invalid, revoked or expired', 'a token of a private plan opens nothing');

-- replays an expired share token
select tests.clear_authentication();
update public.plan_shares set expires_at = now() - interval '1 minute' where id = :'share_exp';
select tests.authenticate_as_anon();
select throws_ok(format('select public.get_shared_plan(%L)', :'token_exp'),
  'PT404', 'share link is invalid, revoked or expired', 'replaying an expired share token is a 404');

-- revoked
select tests.authenticate_as(:'owner');
select lives_ok(format($$update public.plan_shares set revoked_at = now() where id = %L$$, :'share_rev'),
  'the owner revokes a share link');
select is(
  (select count(*)::int from public.activity_log where action = 'plan.share_revoked' and entity_id = :'unlisted_plan'), 1,
  'revoking writes a plan.share_revoked activity row');
select tests.authenticate_as_anon();
select throws_ok(format('select public.get_shared_plan(%L)', :'token_rev'),
  'PT404', 'share link is invalid, revoked or expired', 'a revoked share token is a 404');
select is(public.get_shared_plan(:'token_a') ->> 'title', 'Unlisted trip', 'revoking one link leaves the others working');

-- the plan switched back to private
select tests.authenticate_as(:'owner');
update public.plans set visibility = 'private' where id = :'unlisted_plan';
select tests.authenticate_as_anon();
select throws_ok(format('select public.get_shared_plan(%L)', :'token_a'),
  'PT404', 'share link is invalid, revoked or expired', 'a plan switched back to private is a 404 through its token');
select tests.authenticate_as(:'other');
select throws_ok(format('select public.get_shared_plan(%L)', :'token_a'),
  'PT404', 'share link is invalid, revoked or expired', 'and for other users too');

-- soft-deleted (reopen it first, so the token is known to work right before the delete)
select tests.authenticate_as(:'owner');
update public.plans set visibility = 'unlisted' where id = :'unlisted_plan';
select tests.authenticate_as_anon();
select is(public.get_shared_plan(:'token_a') ->> 'title', 'Unlisted trip', 'made unlisted again, the plan opens with its token');
select tests.authenticate_as(:'owner');
delete from public.plans where id = :'unlisted_plan';
select tests.authenticate_as_anon();
select throws_ok(format('select public.get_shared_plan(%L)', :'token_a'),
  'PT404', 'share link is invalid, revoked or expired', 'a soft-deleted plan is a 404 through its token');

-- A private plan is not readable by anyone else, whatever the path ----------------------------------
select tests.authenticate_as(:'other');
select is_empty(format('select 1 from public.public_feed() where id = %L', :'private_plan'),
  'a private plan is not in the public feed');
select throws_ok(format('select public.record_plan_view(%L)', :'private_plan'),
  'PT404', 'plan not found', 'record_plan_view refuses a private plan');
select throws_ok(format('select public.record_plan_view(%L, %L)', :'private_plan', :'token_private'),
  'PT404', 'plan not found', 'record_plan_view refuses a private plan even with its share token');
select tests.authenticate_as_anon();
select throws_ok(format('select public.record_plan_view(%L)', :'private_plan'),
  'PT404', 'plan not found', 'record_plan_view refuses a private plan to anon');

-- Owner: delete a share link; service role -----------------------------------------------------------
select tests.authenticate_as(:'owner');
select lives_ok(format($$delete from public.plan_shares where plan_id = %L$$, :'public_plan'), 'the owner deletes a share link');
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.plan_shares where plan_id = :'public_plan'), 0, 'the share link is gone');
select is((select count(*)::int from public.plan_shares where plan_id in (:'unlisted_plan', :'private_plan')), 4,
  'the service role reads every share link, other users'' and admins'' refused deletes removed nothing');

select * from finish();
rollback;
