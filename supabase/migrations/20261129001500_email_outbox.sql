-- Email outbox: anything that needs an email inserts a row in the same transaction as the event that
-- causes it (private.enqueue_email), so an email exists exactly when its event committed. The email-worker
-- function claims due rows (for update skip locked), renders, sends with an idempotency key derived from
-- the row (a retry after a crash never sends twice), and records the provider's message id. Failures back
-- off exponentially with jitter; after max attempts a row is dead and visible to admins.

-- ============================================================================================
-- types
-- ============================================================================================

create type public.email_status as enum ('pending', 'sending', 'sent', 'dead');
comment on type public.email_status is 'pending: due at next_attempt_at; sending: claimed by a worker until locked_until; sent; dead: gave up.';

-- ============================================================================================
-- tables
-- ============================================================================================

create table public.email_outbox (
  id uuid primary key default gen_random_uuid(),
  -- Enqueuing the same key twice yields one email.
  dedupe_key text not null unique check (char_length(dedupe_key) between 1 and 200),
  template text not null check (template ~ '^[a-z][a-z_]{0,62}$'),
  to_email text not null check (to_email ~ '^[^@\s]+@[^@\s]+$' and char_length(to_email) <= 320),
  user_id uuid,
  -- Template data. Auth emails carry tokens: cleared once sent, and never granted to API roles.
  data jsonb not null default '{}'::jsonb check (jsonb_typeof(data) = 'object'),
  status public.email_status not null default 'pending',
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 6 check (max_attempts between 1 and 50),
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  -- Identifies the current claim: only the worker holding it may record the outcome (a worker whose lease
  -- ran out and was taken over cannot overwrite what the new holder records).
  lease_id uuid,
  provider_message_id text,
  last_error text check (last_error is null or char_length(last_error) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz
);
comment on table public.email_outbox is 'Transactional email queue (outbox pattern): one row per email, sent exactly once by the email-worker; dead rows visible to admins.';

create index email_outbox_due_idx on public.email_outbox (next_attempt_at) where status = 'pending';
create index email_outbox_leases_idx on public.email_outbox (locked_until) where status = 'sending';
create index email_outbox_user_id_idx on public.email_outbox (user_id);
create index email_outbox_dead_idx on public.email_outbox (updated_at desc) where status = 'dead';

create trigger set_updated_at before update on public.email_outbox
  for each row execute function private.set_updated_at();

-- ============================================================================================
-- helpers (used by SQL, by triggers and by the functions, which connect as postgres)
-- ============================================================================================

-- Queues an email; returns the row id (the existing row's when the dedupe key was already used).
create function private.enqueue_email(
  template text,
  to_email text,
  data jsonb,
  dedupe_key text,
  user_id uuid default null,
  send_after timestamptz default null
)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  row_id uuid;
begin
  insert into public.email_outbox (dedupe_key, template, to_email, user_id, data, max_attempts, next_attempt_at)
  values (dedupe_key, template, to_email, user_id, coalesce(data, '{}'::jsonb),
    private.setting_int('email_max_attempts'), coalesce(send_after, now()))
  on conflict on constraint email_outbox_dedupe_key_key do nothing
  returning id into row_id;
  if row_id is null then
    select o.id into row_id from public.email_outbox o where o.dedupe_key = enqueue_email.dedupe_key;
  end if;
  return row_id;
end;
$$;
comment on function private.enqueue_email(text, text, jsonb, text, uuid, timestamptz) is 'Queues an email in the caller''s transaction; the same dedupe key twice yields one email.';

-- Claims up to batch_size due rows (or one given row) for lease_seconds: pending rows whose time has come,
-- and rows whose previous worker's lease ran out (it crashed) while attempts remain; a row whose leases
-- keep running out with no attempt left is dead. Concurrent workers skip each other's rows. Each claimed
-- row gets a fresh lease_id, which the outcome must quote.
create function private.claim_emails(batch_size integer, lease_seconds integer, only_id uuid default null)
returns setof public.email_outbox
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  update public.email_outbox
  set status = 'dead', lease_id = null, locked_until = null,
      last_error = coalesce(last_error, 'the worker stopped during every attempt')
  where status = 'sending' and locked_until < now() and attempts >= max_attempts
    and (only_id is null or id = only_id);
  return query
    update public.email_outbox o
    set status = 'sending', locked_until = now() + make_interval(secs => lease_seconds), attempts = o.attempts + 1,
        lease_id = gen_random_uuid()
    where o.id in (
      select c.id from public.email_outbox c
      where (only_id is null or c.id = only_id)
        and ((c.status = 'pending' and c.next_attempt_at <= now())
          or (c.status = 'sending' and c.locked_until < now() and c.attempts < c.max_attempts))
      order by c.next_attempt_at
      limit greatest(batch_size, 1)
      for update skip locked
    )
    returning o.*;
end;
$$;

-- Records deliveries (a worker's batch at once: ids[i], claimed as leases[i], was accepted as
-- message_ids[i]). Auth emails' data (tokens) is cleared: it is not needed any more.
create function private.complete_emails(email_ids uuid[], leases uuid[], message_ids text[])
returns integer
language sql
volatile
security definer
set search_path = ''
as $$
  with done as (
    update public.email_outbox o
    set status = 'sent', sent_at = now(), provider_message_id = d.message_id, locked_until = null, lease_id = null,
        last_error = null,
        data = case when o.template in ('confirm_signup', 'invite', 'magic_link', 'password_reset', 'email_change',
          'reauthentication') then '{}'::jsonb else o.data end
    from unnest(email_ids, leases, message_ids) as d(id, lease, message_id)
    where o.id = d.id and o.lease_id = d.lease and o.status = 'sending'
    returning 1
  )
  select count(*)::integer from done
$$;

-- Records a failure: retried later (exponential backoff with jitter, or the provider's Retry-After) unless
-- the error is permanent or the attempts are used up, in which case the row is dead.
create function private.fail_email(
  email_id uuid,
  lease uuid,
  error text,
  retryable boolean,
  retry_after_seconds integer default null
)
returns public.email_status
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  base numeric := private.setting_int('email_backoff_base_seconds');
  outcome public.email_status;
begin
  update public.email_outbox o
  set status = case when not retryable or o.attempts >= o.max_attempts then 'dead' else 'pending' end::public.email_status,
      last_error = left(error, 1000),
      locked_until = null,
      lease_id = null,
      next_attempt_at = now() + make_interval(secs => greatest(
        coalesce(retry_after_seconds, 0),
        least(base * power(2, greatest(o.attempts - 1, 0)), 3600) * (0.5 + random() * 0.5)))
  where o.id = email_id and o.lease_id = lease and o.status = 'sending'
  returning o.status into outcome;
  return outcome;
end;
$$;

-- "Plan ready", for the plan generation job to call in the transaction that saves the plan.
create function private.enqueue_plan_ready_email(target_plan_id uuid)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  p record;
begin
  select pl.id, pl.user_id, pl.title, pl.destination, pl.start_date, pl.end_date, pr.display_name, u.email
    into p
    from public.plans pl
    join public.profiles pr on pr.id = pl.user_id
    join auth.users u on u.id = pl.user_id
    where pl.id = target_plan_id;
  if not found or coalesce(p.email, '') = '' then
    return null;
  end if;
  return private.enqueue_email('plan_ready', p.email, jsonb_build_object(
      'displayName', p.display_name, 'title', p.title, 'destination', p.destination,
      'startDate', p.start_date, 'endDate', p.end_date, 'planId', p.id),
    'plan_ready:' || p.id::text, p.user_id);
end;
$$;

-- "Account deletion scheduled", queued in the transaction that soft-deletes the profile.
create function private.enqueue_account_deletion_email()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  address text;
  token text := translate(encode(extensions.gen_random_bytes(32), 'base64'), '+/=', '-_');
  token_id uuid;
begin
  select u.email into address from auth.users u where u.id = new.id;
  if coalesce(address, '') <> '' then
    update private.account_deletion_cancel_tokens set used_at = now() where user_id = new.id and used_at is null;
    insert into private.account_deletion_cancel_tokens (user_id, token_hash, expires_at)
    values (new.id, extensions.digest(token, 'sha256'), new.purge_after)
    returning id into token_id;
    perform private.enqueue_email('account_deletion_scheduled', address,
      jsonb_build_object('displayName', new.display_name, 'purgeAfter', new.purge_after, 'cancelToken', token),
      'account_deletion:' || new.id::text || ':' || token_id::text, new.id);
  end if;
  return null;
end;
$$;

create trigger profiles_enqueue_account_deletion_email after update of deleted_at on public.profiles
  for each row when (old.deleted_at is null and new.deleted_at is not null and new.purge_after is not null)
  execute function private.enqueue_account_deletion_email();

-- ============================================================================================
-- scheduling
-- ============================================================================================

-- On hosted Supabase, pg_cron pokes the email-worker function every minute through pg_net, with the
-- project URL and service role key kept in Vault (names `project_url`, `service_role_key`). Where pg_net or
-- those secrets are absent (the local stack, a fresh project) it does nothing: the local stack runs the
-- worker on an interval itself. Checked at run time so this migration applies everywhere.
create function private.trigger_email_worker()
returns boolean
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  url text;
  key text;
begin
  if not exists (select 1 from pg_catalog.pg_extension where extname = 'pg_net')
    or to_regclass('vault.decrypted_secrets') is null then
    return false;
  end if;
  if not exists (select 1 from public.email_outbox
    where (status = 'pending' and next_attempt_at <= now()) or (status = 'sending' and locked_until < now())) then
    return false;
  end if;
  -- Dynamic SQL: vault and net exist only where those extensions are installed (checked above), so these
  -- statements are built at run time rather than checked when the migration applies.
  execute format('select decrypted_secret from %I.decrypted_secrets where name = $1', 'vault') into url using 'project_url';
  execute format('select decrypted_secret from %I.decrypted_secrets where name = $1', 'vault') into key using 'service_role_key';
  if url is null or key is null then
    return false;
  end if;
  execute format('select %I.http_post(url := $1, headers := $2, body := $3, timeout_milliseconds := 5000)', 'net')
    using url || '/functions/v1/email-worker',
      jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || key),
      '{}'::jsonb;
  return true;
end;
$$;

select cron.schedule('email-outbox-drain', '* * * * *', 'select private.trigger_email_worker()');

-- Sent and dead rows are kept email_outbox_retention_days (private.settings; for support and the admins' view of failures), then deleted.
create function private.trim_email_outbox()
returns integer
language sql
volatile
security definer
set search_path = ''
as $$
  with gone as (
    delete from public.email_outbox
    where status in ('sent', 'dead') and updated_at < now() - make_interval(days => greatest(private.setting_int('email_outbox_retention_days'), 1))
    returning 1
  )
  select count(*)::integer from gone
$$;

select cron.schedule('email-outbox-retention', '23 4 * * *', 'select private.trim_email_outbox()');

-- ============================================================================================
-- grants and RLS
-- ============================================================================================

alter table public.email_outbox enable row level security;

revoke all on table public.email_outbox from anon, authenticated, service_role;
-- Admins see the queue's state (dead rows in particular), never the data column.
grant select (id, template, to_email, user_id, status, attempts, max_attempts, next_attempt_at, provider_message_id,
  last_error, created_at, updated_at, sent_at) on table public.email_outbox to authenticated;
grant select, insert, update, delete on table public.email_outbox to service_role;

create policy "Email outbox is viewable by admins"
  on public.email_outbox for select to authenticated
  using ((select private.is_admin()));

-- Auth emails from the payload alone, and the welcome email only for confirmed addresses.
--
-- Supabase Auth calls the Send Email hook from inside the transaction that creates the user: for a
-- sign-up, an invite or a first magic link the auth.users row (and the profile our trigger makes) is not
-- visible to the function's connection. The outbox's foreign key to auth.users therefore made the hook's
-- insert wait on, or fail against, a row that did not exist yet for it, and Auth rolled the sign-up back.
-- The outbox keeps user_id as a plain reference; the rows go with the account through a trigger on
-- auth.users instead of the cascade.
--
-- The welcome email went out when the profile was created, before the address was confirmed, carrying the
-- sign-up's display name: anyone could make us mail any address with their own words. It now goes out when
-- the address is confirmed (or at once for a user created confirmed); an unconfirmed address receives
-- nothing but Auth's confirmation.

-- ============================================================================================
-- tables
-- ============================================================================================

comment on column public.email_outbox.user_id is 'The account the email is about. No foreign key: the Send Email hook queues emails for users Auth has not committed yet. Rows go with the account (trigger on auth.users).';

-- ============================================================================================
-- triggers
-- ============================================================================================

-- A deleted auth user takes their emails (addresses, names, tokens) with them, as the cascade did.
create function private.delete_emails_of_deleted_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.email_outbox where user_id = old.id;
  return null;
end;
$$;
comment on function private.delete_emails_of_deleted_user() is 'Deletes a deleted auth user''s outbox rows (the outbox has no foreign key to auth.users).';
revoke all on function private.delete_emails_of_deleted_user() from public;

create trigger on_auth_user_deleted_delete_emails
  after delete on auth.users
  for each row execute function private.delete_emails_of_deleted_user();

-- Queues the welcome email once the address is confirmed. SECURITY DEFINER: Auth confirms users as
-- supabase_auth_admin, which has no rights on the outbox or profiles. Runs inside Auth's transaction, where
-- the user and the profile are visible. The profile trigger (on_auth_user_created) runs first on insert:
-- triggers of the same event fire in name order, and this one's name sorts after it.
create function private.enqueue_welcome_email_on_confirmation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  name text;
begin
  if new.email is null or new.email = '' or new.email_confirmed_at is null then
    return null;
  end if;
  select p.display_name into name from public.profiles p where p.id = new.id;
  perform private.enqueue_email('welcome', new.email,
    jsonb_build_object('displayName', coalesce(name, 'Traveller')), 'welcome:' || new.id::text, new.id);
  return null;
end;
$$;
comment on function private.enqueue_welcome_email_on_confirmation() is 'Queues the welcome email when an auth user''s address is confirmed (or created confirmed); once per user.';
revoke all on function private.enqueue_welcome_email_on_confirmation() from public;

create trigger on_auth_user_created_welcome
  after insert on auth.users
  for each row when (new.email_confirmed_at is not null)
  execute function private.enqueue_welcome_email_on_confirmation();

create trigger on_auth_user_confirmed_welcome
  after update of email_confirmed_at on auth.users
  for each row when (old.email_confirmed_at is null and new.email_confirmed_at is not null)
  execute function private.enqueue_welcome_email_on_confirmation();

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
