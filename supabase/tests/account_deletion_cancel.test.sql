-- Cancelling a pending account deletion with the single-use link of the "deletion scheduled" email.
begin;
select plan(24);

select tests.create_user('cancel-a@example.test', '{"display_name": "Cancel A"}') as a \gset
select tests.create_user('cancel-b@example.test') as b \gset
insert into public.plans (id, user_id, title, destination, start_date, end_date, visibility, deleted_at) values
  ('00000000-0000-4000-8000-00000000f001', :'a', 'Hidden by the deletion', 'Lyon', current_date, current_date + 1, 'public', null),
  ('00000000-0000-4000-8000-00000000f002', :'a', 'Deleted before', 'Metz', current_date, current_date + 1, 'private',
   now() - interval '2 days');

select tests.authenticate_as(:'a');
select public.request_account_deletion() as purge_at \gset
select tests.clear_authentication();

select data ->> 'cancelToken' as token, id as email_id from public.email_outbox
  where user_id = :'a' and template = 'account_deletion_scheduled' \gset
select ok(:'token' ~ '^[A-Za-z0-9_-]{43}$', 'the "deletion scheduled" email carries a 256-bit cancel token');
select is((select count(*)::int from private.account_deletion_cancel_tokens where user_id = :'a'
  and token_hash = extensions.digest(:'token', 'sha256') and expires_at = :'purge_at'::timestamptz), 1,
  'only its sha256 is stored, expiring when the purge is due');
select ok(not exists (select 1 from private.account_deletion_cancel_tokens t
  where position(convert_to(:'token', 'utf8') in t.token_hash) > 0), 'the token itself is stored nowhere in the table');

-- Tokens stay refused while the deletion is pending.
select is(hooks.custom_access_token(jsonb_build_object('user_id', :'a', 'claims', jsonb_build_object('sub', :'a')))
  #>> '{error,http_code}', '403', 'no access token while the deletion is pending');

-- API roles cannot reach the tokens or the function.
select tests.authenticate_as(:'b');
select throws_ok('select * from private.account_deletion_cancel_tokens', '42501', null, 'users cannot read the tokens');
select throws_ok(format('select private.cancel_account_deletion(%L)', :'token'), '42501', null,
  'users cannot call the cancel function (only the Edge Function, as postgres)');
select tests.authenticate_as_anon();
select throws_ok(format('select private.cancel_account_deletion(%L)', :'token'), '42501', null, 'nor can anon');
select tests.clear_authentication();

-- Wrong tokens.
select is(private.cancel_account_deletion('not a token'), '{"outcome": "invalid"}'::jsonb, 'a malformed token is invalid');
select is(private.cancel_account_deletion(null), '{"outcome": "invalid"}'::jsonb, 'a null token is invalid');
select is(private.cancel_account_deletion(repeat('A', 43)), '{"outcome": "invalid"}'::jsonb, 'an unknown token is invalid');

-- The right token.
select is(private.cancel_account_deletion(:'token') ->> 'outcome', 'restored', 'the emailed token cancels the deletion');
select is((select row(deleted_at, purge_after)::text from public.profiles where id = :'a'), '(,)',
  'the profile is active again');
select ok((select deleted_at is null from public.plans where id = '00000000-0000-4000-8000-00000000f001'),
  'the plans the deletion hid are back');
select is((select visibility::text from public.plans where id = '00000000-0000-4000-8000-00000000f001'), 'private',
  'as private');
select ok((select deleted_at is not null from public.plans where id = '00000000-0000-4000-8000-00000000f002'),
  'a plan deleted before stays in the trash');
select ok(hooks.custom_access_token(jsonb_build_object('user_id', :'a', 'claims', jsonb_build_object('sub', :'a')))
  ? 'claims', 'tokens are issued again');
select is((select count(*)::int from public.activity_log where user_id = :'a' and action = 'account.deletion_cancelled'), 1,
  'the cancellation is logged');
select is(private.cancel_account_deletion(:'token'), '{"outcome": "used"}'::jsonb, 'the link works once (a replay is refused)');

-- Once sent, the outbox row forgets the token.
update public.email_outbox set status = 'sent', sent_at = now() where id = :'email_id';
select ok(not ((select data from public.email_outbox where id = :'email_id') ? 'cancelToken'),
  'the sent email row no longer holds the token');
select is((select data ->> 'displayName' from public.email_outbox where id = :'email_id'), 'Cancel A', 'the rest stays');

-- Asking again sends a new email with a new token; the expired one is refused.
select tests.authenticate_as(:'a');
select public.request_account_deletion();
select tests.clear_authentication();
select is((select count(*)::int from public.email_outbox where user_id = :'a' and template = 'account_deletion_scheduled'), 2,
  'a second deletion request sends a second email');
select data ->> 'cancelToken' as token2 from public.email_outbox
  where user_id = :'a' and template = 'account_deletion_scheduled' and status = 'pending' \gset
update private.account_deletion_cancel_tokens set expires_at = now() - interval '1 second'
  where token_hash = extensions.digest(:'token2', 'sha256');
select is(private.cancel_account_deletion(:'token2'), '{"outcome": "expired"}'::jsonb, 'an expired token is refused');
select ok((select deleted_at is not null from public.profiles where id = :'a'), 'and the account stays deleted');

-- The purge takes the tokens with the account.
update public.profiles set purge_after = now() - interval '1 minute' where id = :'a';
select private.purge_deleted_accounts();
select is((select count(*)::int from private.account_deletion_cancel_tokens where user_id = :'a'), 0,
  'the purge removes the account''s tokens');

select * from finish();
rollback;
