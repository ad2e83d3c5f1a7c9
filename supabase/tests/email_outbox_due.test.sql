begin;
select plan(5);

-- Nothing else in this transaction's view counts: other rows are parked (rolled back at the end).
update public.email_outbox set status = 'dead' where status in ('pending', 'sending');

select is(private.email_outbox_due(), false, 'an empty (or settled) outbox is not due');

select private.enqueue_email('welcome', 'due@example.test', '{"displayName":"Ada"}'::jsonb, 'due-test-1', null);
select is(private.email_outbox_due(), true, 'a pending row that is due is');

update public.email_outbox set next_attempt_at = now() + interval '1 minute' where dedupe_key = 'due-test-1';
select is(private.email_outbox_due(), false, 'a pending row waiting for its backoff is not');

update public.email_outbox set status = 'sending', locked_until = now() - interval '1 second'
  where dedupe_key = 'due-test-1';
select is(private.email_outbox_due(), true, 'a sending row whose lease ran out is');

select ok(not has_function_privilege('service_role', 'private.email_outbox_due()', 'execute'),
  'no API role may call it');

select * from finish();
rollback;
