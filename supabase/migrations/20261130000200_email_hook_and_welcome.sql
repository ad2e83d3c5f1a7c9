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

alter table public.email_outbox drop constraint email_outbox_user_id_fkey;
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

drop trigger profiles_enqueue_welcome_email on public.profiles;
drop function private.enqueue_welcome_email();

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
