-- Whether the email outbox has anything for the worker to do: a pending row that is due, or a lease that
-- ran out. The local stack's tick asks this before calling the email-worker, the way
-- private.trigger_email_worker() checks before posting on hosted (same predicate, same partial indexes),
-- so an idle stack neither calls the worker nor logs every 5 seconds.
create function private.email_outbox_due()
returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
  select exists (select 1 from public.email_outbox
    where (status = 'pending' and next_attempt_at <= now()) or (status = 'sending' and locked_until < now()))
$$;

comment on function private.email_outbox_due() is
  'True when the email outbox has a due pending row or an expired lease (the local stack''s tick asks first).';
revoke execute on function private.email_outbox_due() from public, anon, authenticated, service_role;
