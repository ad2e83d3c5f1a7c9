-- The unlock link of an "account locked" email (20261130000300_sign_in_lockout.sql) stayed in the outbox
-- row's data after the email was sent, for the 30 days sent rows are kept: anyone reading the outbox with
-- the service role (support tooling, a backup, a log of the table) could unlock the account while the link
-- was valid. Auth's tokens are cleared by complete_emails and the cancel link of a deletion by a trigger
-- (20261130002010); the unlock token now leaves the same way, once the email is sent or dead.
-- Auth emails that end dead (never sent) also kept their tokens (complete_emails clears them only on
-- success): their data is now cleared when they go dead too, as it is when they are sent.

create function private.email_outbox_drop_unlock_token()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if new.template in ('confirm_signup', 'invite', 'magic_link', 'password_reset', 'email_change',
      'reauthentication') then
    new.data := '{}'::jsonb;
  else
    new.data := new.data - 'unlockToken';
  end if;
  return new;
end;
$$;
comment on function private.email_outbox_drop_unlock_token() is 'Trigger: a sent or dead outbox row forgets the unlock token it carried; a dead Auth email forgets its data (tokens), as a sent one does.';
revoke all on function private.email_outbox_drop_unlock_token() from public;

create trigger email_outbox_drop_unlock_token before update of status on public.email_outbox
  for each row when ((new.status in ('sent', 'dead') and new.data ? 'unlockToken')
    or (new.status = 'dead' and new.data <> '{}'::jsonb and new.template in ('confirm_signup', 'invite',
      'magic_link', 'password_reset', 'email_change', 'reauthentication')))
  execute function private.email_outbox_drop_unlock_token();

-- Rows already sent or dead.
update public.email_outbox set data = data - 'unlockToken'
where status in ('sent', 'dead') and data ? 'unlockToken';
update public.email_outbox set data = '{}'::jsonb
where status = 'dead' and data <> '{}'::jsonb and template in ('confirm_signup', 'invite', 'magic_link',
  'password_reset', 'email_change', 'reauthentication');
