-- The welcome email waits for a confirmed address; auth emails need no auth.users row.
begin;
select plan(9);

-- An unconfirmed sign-up gets no welcome (only Auth's confirmation, sent by the hook).
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, raw_app_meta_data,
  raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token, email_change_token_new, email_change)
values ('00000000-0000-0000-0000-000000000000', '11111111-1111-4111-8111-111111111111', 'authenticated',
  'authenticated', 'stranger@example.test', '', '{}', '{"display_name": "Your bank: call +1 555 0100 now"}',
  now(), now(), 'tok', '', '', '');
select is_empty($$select 1 from public.email_outbox where user_id = '11111111-1111-4111-8111-111111111111'$$,
  'an unconfirmed address is not welcomed');

-- Confirmation (Auth's verify) queues it, once.
update auth.users set email_confirmed_at = now() where id = '11111111-1111-4111-8111-111111111111';
select results_eq($$select template, to_email from public.email_outbox where user_id = '11111111-1111-4111-8111-111111111111'$$,
  $$values ('welcome', 'stranger@example.test')$$, 'confirming the address queues the welcome email');
update auth.users set email_confirmed_at = now(), last_sign_in_at = now() where id = '11111111-1111-4111-8111-111111111111';
update auth.users set email_confirmed_at = null where id = '11111111-1111-4111-8111-111111111111';
update auth.users set email_confirmed_at = now() where id = '11111111-1111-4111-8111-111111111111';
select is((select count(*)::int from public.email_outbox where user_id = '11111111-1111-4111-8111-111111111111'), 1,
  'later updates and re-confirmations do not welcome twice');

-- A user created confirmed (admin API, seed) is welcomed at once.
select tests.create_user('confirmed@example.test') as confirmed \gset
select results_eq(format('select template from public.email_outbox where user_id = %L', :'confirmed'),
  $$values ('welcome')$$, 'a user created confirmed is welcomed at once');

-- The outbox takes emails for users Auth has not committed (no foreign key), and a deleted user's
-- emails go with them.
select is_empty($$select 1 from pg_catalog.pg_constraint
  where conrelid = 'public.email_outbox'::regclass and contype = 'f'$$, 'the outbox has no foreign key to auth.users');
select lives_ok($$select private.enqueue_email('confirm_signup', 'new@example.test', '{}', 'auth:test-uncommitted',
  '22222222-2222-4222-8222-222222222222')$$, 'an email for a user id that does not exist (yet) is queued');
select isnt_empty($$select 1 from public.email_outbox where dedupe_key = 'auth:test-uncommitted'$$, 'and kept');
delete from auth.users where id = '11111111-1111-4111-8111-111111111111';
select is_empty($$select 1 from public.email_outbox where user_id = '11111111-1111-4111-8111-111111111111'$$,
  'deleting the auth user deletes their emails');
select isnt_empty(format('select 1 from public.email_outbox where user_id = %L', :'confirmed'),
  'other users'' emails stay');

select * from finish();
rollback;
