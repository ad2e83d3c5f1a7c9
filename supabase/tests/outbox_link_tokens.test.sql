-- Single-use link tokens leave the outbox once their email is sent or dead (migration 20261129001700_auth_hooks_sign_in_lockout.sql): the unlock
-- link of an "account locked" email, like the cancel link of a deletion and Auth's tokens, is then only in
-- the recipient's inbox, not in the table the service role, support tooling and backups read.
begin;
select plan(6);

select tests.create_user('outbox-tokens@example.test') as u \gset
select private.enqueue_email('account_locked', 'outbox-tokens@example.test',
  jsonb_build_object('unlockToken', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'lockedUntil', now() + interval '30 minutes',
    'allSources', false), 'account_locked:test-1', :'u') as sent_id \gset
select private.enqueue_email('account_locked', 'outbox-tokens@example.test',
  jsonb_build_object('unlockToken', 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', 'lockedUntil', now() + interval '30 minutes',
    'allSources', true), 'account_locked:test-2', :'u') as dead_id \gset

select ok((select data ? 'unlockToken' from public.email_outbox where id = :'sent_id'), 'a queued email keeps its link token');

select lease_id as lease from private.claim_emails(1, 60, :'sent_id') \gset
select private.complete_emails(array[:'sent_id'::uuid], array[:'lease'::uuid], array['msg-1']);
select ok(not (select data ? 'unlockToken' from public.email_outbox where id = :'sent_id'),
  'a sent "account locked" email no longer holds the unlock token');
select is((select data ->> 'lockedUntil' is not null from public.email_outbox where id = :'sent_id'), true,
  'the rest of its data stays');

update public.email_outbox set status = 'dead' where id = :'dead_id';
select ok(not (select data ? 'unlockToken' from public.email_outbox where id = :'dead_id'),
  'a dead one neither');

-- An Auth email that could not be sent keeps no token either (a sent one is cleared by complete_emails).
select private.enqueue_email('magic_link', 'outbox-tokens@example.test',
  jsonb_build_object('actionUrl', 'https://app.example.test/auth/confirm?token_hash=pkce_abc&type=magiclink',
    'code', '123456'), 'magic_link:test-3', :'u') as auth_id \gset
select ok((select data ? 'code' from public.email_outbox where id = :'auth_id'), 'a queued Auth email holds its token');
update public.email_outbox set status = 'dead' where id = :'auth_id';
select is((select data from public.email_outbox where id = :'auth_id'), '{}'::jsonb,
  'a dead Auth email holds no token');

select * from finish();
rollback;
