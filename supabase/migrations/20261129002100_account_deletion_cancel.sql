-- Cancelling an account deletion during the grace period. The "deletion scheduled" email carries a
-- single-use link: a random token (32 bytes) whose sha256 alone is stored, expiring when the purge is due.
-- The cancel-account-deletion function (no JWT: the account has no session any more) hands the token to
-- private.cancel_account_deletion, which restores the profile and the plans the deletion hid, and logs it.
-- Access tokens stay refused while the deletion is pending: hooks.custom_access_token already refuses any
-- profile with deleted_at set (20261129001700_auth_hooks_sign_in_lockout.sql), so nothing changes there.
-- What the deletion reset stays reset: sessions ended (the user signs in again), share links revoked
-- (revocation is final), plans come back private.

create table private.account_deletion_cancel_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  -- sha256 of the token sent by email; the token itself is never stored (the outbox row drops it once sent).
  token_hash bytea not null unique check (octet_length(token_hash) = 32),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
comment on table private.account_deletion_cancel_tokens is 'Single-use links that cancel a pending account deletion (hash only); removed with the account.';
create index account_deletion_cancel_tokens_user_id_idx on private.account_deletion_cancel_tokens (user_id);

-- Once the email is sent the outbox forgets the token (only the recipient's inbox has it).
create function private.email_outbox_drop_cancel_token()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  new.data := new.data - 'cancelToken';
  return new;
end;
$$;

create trigger email_outbox_drop_cancel_token before update of status on public.email_outbox
  for each row when (new.status in ('sent', 'dead') and new.data ? 'cancelToken')
  execute function private.email_outbox_drop_cancel_token();

-- Verifies a cancel token and restores the account. Outcome: 'restored', or why not: 'invalid' (unknown,
-- or the account is gone), 'used' (already used or superseded), 'expired' (the grace period is over),
-- 'not_pending' (the account is not being deleted). The token row is locked, so two concurrent uses
-- restore once. Called by the cancel-account-deletion function, which connects as postgres; no API role.
create function private.cancel_account_deletion(token text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  t record;
  profile record;
  restored_plans integer;
begin
  if token is null or token !~ '^[A-Za-z0-9_-]{20,100}$' then
    return jsonb_build_object('outcome', 'invalid');
  end if;
  select c.id, c.user_id, c.expires_at, c.used_at into t
    from private.account_deletion_cancel_tokens c
    where c.token_hash = extensions.digest(token, 'sha256')
    for update;
  if not found then
    return jsonb_build_object('outcome', 'invalid');
  end if;
  if t.used_at is not null then
    return jsonb_build_object('outcome', 'used');
  end if;
  if t.expires_at <= now() then
    return jsonb_build_object('outcome', 'expired');
  end if;
  select p.id, p.deleted_at, p.purge_after into profile from public.profiles p where p.id = t.user_id for update;
  if not found then
    return jsonb_build_object('outcome', 'invalid');
  end if;
  if profile.deleted_at is null then
    update private.account_deletion_cancel_tokens set used_at = now() where id = t.id;
    return jsonb_build_object('outcome', 'not_pending');
  end if;
  if profile.purge_after <= now() then
    return jsonb_build_object('outcome', 'expired');
  end if;

  update private.account_deletion_cancel_tokens set used_at = now()
    where user_id = t.user_id and used_at is null;
  update public.profiles set deleted_at = null, purge_after = null where id = t.user_id;
  -- The plans the deletion hid carry its exact timestamp (one statement, one now()); plans the user had
  -- deleted before stay in their trash.
  update public.plans set deleted_at = null where user_id = t.user_id and deleted_at = profile.deleted_at;
  get diagnostics restored_plans = row_count;
  perform private.log_activity(t.user_id, 'account.deletion_cancelled', 'user', t.user_id::text,
    jsonb_build_object('restored_plans', restored_plans));
  return jsonb_build_object('outcome', 'restored', 'user_id', t.user_id, 'restored_plans', restored_plans);
end;
$$;
comment on function private.cancel_account_deletion(text) is 'Restores an account whose deletion is pending, from the single-use token of the "deletion scheduled" email.';
