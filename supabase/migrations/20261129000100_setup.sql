-- Setup: what every later migration relies on. The schemas (`private` for internal functions, `hooks` for
-- the Auth hooks), the extensions, the default privileges (no function or sequence is usable by an API role
-- unless a migration grants it), the settings table with every tunable of the project, and the domains the
-- tables use for language tags, currency and country codes.
--
-- The series was reorganised once before the first release (each table created once in its final shape,
-- each function defined once); from now on a landed migration is never edited: add a new one.

-- ============================================================================================
-- schemas
-- ============================================================================================

-- `private` holds trigger functions and SECURITY DEFINER helpers. It is not in [api].schemas, so the
-- Data API cannot call anything in it, and the API roles get no usage on it.
create schema if not exists private;
revoke all on schema private from public;
comment on schema private is 'Internal functions (triggers, definer helpers); never exposed through the Data API.';

-- Functions are executable only by the roles a migration grants them to. Postgres gives PUBLIC execute on
-- every new function, and a per-schema default can only add to that, so the default is revoked for all
-- functions postgres creates from here on (as basejump does); every API function is granted explicitly.
-- The API roles get usage on `private` for the policy helpers, and execute on nothing else there.
alter default privileges for role postgres revoke execute on functions from public;
grant usage on schema private to anon, authenticated, service_role;

-- Key/value settings for jobs (retention ages, grace periods). Not exposed.
create table private.settings (
  key text primary key,
  value jsonb not null,
  description text not null
);
comment on table private.settings is 'Operational settings read by scheduled jobs; change with SQL as postgres.';

create function private.setting_int(setting_key text)
returns integer
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v integer;
begin
  select (value #>> '{}')::integer into v from private.settings where key = setting_key;
  if v is null then
    raise exception 'private.settings % is missing', setting_key using errcode = 'P0002';
  end if;
  return v;
end;
$$;
comment on function private.setting_int(text) is 'An integer setting from private.settings; raises when it is missing (no hidden defaults).';

-- ============================================================================================
-- helpers every table uses
-- ============================================================================================

create function private.set_updated_at()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
comment on function private.set_updated_at() is 'Keeps updated_at current on every update.';

-- pg_cron runs the retention job. Hosted projects let postgres enable it (in pg_catalog); where it is
-- already there (the local stack's bootstrap creates it) this is a no-op.
create extension if not exists pg_cron with schema pg_catalog;

-- `hooks` holds the Supabase Auth hooks (config.toml [auth.hook.*]): only supabase_auth_admin may use it, and
-- the Data API does not expose it.
create schema if not exists hooks;
comment on schema hooks is 'Supabase Auth hooks; usable only by supabase_auth_admin.';
revoke all on schema hooks from public;
grant usage on schema hooks to supabase_auth_admin;

-- Share tokens and view keys use pgcrypto (every hosted project has it in `extensions`).
create extension if not exists pgcrypto with schema extensions;

-- Sequences are nobody's business but postgres's. The platform's default privileges leave the API roles
-- UPDATE on every sequence postgres creates in public (the CLI revokes only USAGE and SELECT), and UPDATE
-- is what setval() needs: a setval as anon outlives the caller's rollback (sequences are not
-- transactional) and can push activity_log's identity back onto existing ids, so every later insert fails.
-- No API role needs any sequence privilege: inserts into identity columns are not checked against the
-- sequence, and every sequence in this project backs an identity column written by definer code.
-- Every sequence postgres creates starts without them.
alter default privileges for role postgres in schema public revoke all on sequences from anon, authenticated, service_role;

-- ============================================================================================
-- domains
-- ============================================================================================

-- One definition of each code the tables hold, so every column that holds one checks it the same way.
create domain public.language_tag as text check (value ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$');
comment on domain public.language_tag is 'A BCP 47 language tag, e.g. "en", "fr-CA".';
create domain public.currency_code as text check (value ~ '^[A-Z]{3}$');
comment on domain public.currency_code is 'An ISO 4217 currency code, e.g. "EUR".';
create domain public.country_code as text check (value ~ '^[A-Z]{2}$');
comment on domain public.country_code is 'An ISO 3166-1 alpha-2 country code, e.g. "FR".';

-- ============================================================================================
-- settings: every tunable, read through private.setting_int() (which raises when one is missing)
-- ============================================================================================

insert into private.settings (key, value, description) values
  ('account_deletion_grace_days', '30',
    'Days between an account deletion request and the purge.'),
  ('activity_log_retention_days', '365',
    'Activity log rows older than this are deleted by the retention job.'),
  ('anon_view_rate_limit', '100',
    'New anonymous plan views counted per source (client IP, IPv6 /64) per window; more are not counted.'),
  ('anon_view_rate_window_seconds', '3600',
    'Length of the anonymous view-counting window, in seconds.'),
  ('booking_hold_minutes', '35',
    'Seats of a pending booking are held this long (Checkout expires after 30 min; margin for the webhook).'),
  ('booking_rate_per_minute', '10',
    'Bookings a user may start per minute (each holds seats until paid or expired).'),
  ('data_export_interval_seconds', '3600',
    'Minimum time between two data exports of one user.'),
  ('device_token_days', '180',
    'Lifetime of a device token issued on a successful sign-in.'),
  ('email_backoff_base_seconds', '30',
    'First retry delay of the outbox; doubles per attempt (with jitter), capped at one hour.'),
  ('email_outbox_retention_days', '30',
    'Days sent and dead outbox emails are kept (support, the admins'' view of failures) before the retention job deletes them.'),
  ('email_max_attempts', '6',
    'Attempts before an outbox email is dead.'),
  ('generation_deadline_seconds', '150',
    'A generation job still open after this is failed (Edge Function wall clock on Free).'),
  ('generation_provider_calls_per_job', '4',
    'Most provider calls one generation job makes (2 attempts, each with 1 retry on a transient error); reserved from the monthly budget at start.'),
  ('generation_rate_per_minute', '5',
    'Plan generations a user may start per minute.'),
  ('lockout_account_max_failures', '20',
    'Failed passwords for one account across all non-device sources that lock it for every unknown source.'),
  ('lockout_minutes', '30',
    'How long a lock lasts.'),
  ('lockout_source_max_failures', '5',
    'Failed passwords from one source (device or IP) for one account that lock that pair.'),
  ('lockout_window_minutes', '15',
    'Window in which failed passwords are counted.'),
  ('plan_trash_days', '30',
    'Days a deleted plan stays in its owner''s trash before the purge deletes it for good.'),
  ('provider_job_backoff_base_seconds', '30',
    'First retry delay of a purge job; doubles per attempt, capped at six hours.'),
  ('provider_job_max_attempts', '20',
    'Attempts of a purge job (Stripe customer / storage delete) before it is dead and shown to admins.'),
  ('sign_in_ticket_required', '1',
    '1: a password sign-in gets a token only with a ticket of the sign-in function (direct password grants are refused); 0: off.'),
  ('sign_in_ticket_seconds', '60',
    'Lifetime of the one-time ticket the sign-in function creates before calling Auth.'),
  ('subscription_past_due_grace_hours', '72',
    'Hours a past_due subscription keeps Pro while Stripe retries the card.'),
  ('trusted_proxy_hops', '1',
    'Proxies in front of the database API whose X-Forwarded-For entries are trusted; the client IP is the entry this many places from the right.'),
  ('unlock_token_minutes', '60',
    'Lifetime of an emailed unlock link.');

-- The HMAC secret of plan view keys: random per database, never in the repository.
insert into private.settings (key, value, description)
values ('view_key_secret', to_jsonb(encode(extensions.gen_random_bytes(32), 'hex')),
  'Secret of the HMAC that turns a viewer into plan_views.viewer_key.');
