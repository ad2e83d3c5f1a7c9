-- The unlock link of an "account locked" email (20261130000300_sign_in_lockout.sql) stayed in the outbox
-- row's data after the email was sent, for the 30 days sent rows are kept: anyone reading the outbox with
-- the service role (support tooling, a backup, a log of the table) could unlock the account while the link
-- was valid. Auth's tokens are cleared by complete_emails and the cancel link of a deletion by a trigger
-- (20261130002010); the unlock token now leaves the same way, once the email is sent or dead.

create function private.email_outbox_drop_unlock_token()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  new.data := new.data - 'unlockToken';
  return new;
end;
$$;
comment on function private.email_outbox_drop_unlock_token() is 'Trigger: a sent or dead outbox row forgets the unlock token it carried.';
revoke all on function private.email_outbox_drop_unlock_token() from public;

create trigger email_outbox_drop_unlock_token before update of status on public.email_outbox
  for each row when (new.status in ('sent', 'dead') and new.data ? 'unlockToken')
  execute function private.email_outbox_drop_unlock_token();

-- Rows already sent or dead.
update public.email_outbox set data = data - 'unlockToken'
where status in ('sent', 'dead') and data ? 'unlockToken';
