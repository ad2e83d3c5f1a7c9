-- Payments: offers admins publish, bookings that hold seats while payment is pending, an append-only
-- ledger of every money movement, a booking status derived from that ledger in SQL, an append-only status
-- history, and the processed-events table that makes the payment webhook exactly-once.
--
-- The payments and stripe-webhook functions connect as postgres and call the private functions below, in
-- one transaction per request / event. Users read their own bookings, ledger rows and history through
-- the Data API; no API role writes bookings, the ledger or the history.

-- ============================================================================================
-- types
-- ============================================================================================

create type public.booking_status as enum (
  'pending', 'paid', 'partially_refunded', 'refunded', 'cancelled', 'expired', 'failed', 'disputed'
);
comment on type public.booking_status is 'pending (seats held) -> paid -> partially_refunded | refunded; cancelled, expired, failed, disputed. Derived from the ledger by private.refresh_booking_status.';

create type public.booking_outcome as enum ('cancelled', 'expired', 'failed');
comment on type public.booking_outcome is 'How an unpaid payment attempt ended (no money moved).';

create type public.ledger_kind as enum ('charge', 'refund', 'dispute', 'dispute_reversal', 'dispute_lost');
comment on type public.ledger_kind is 'charge (+), refund (-), dispute (- funds withdrawn), dispute_reversal (+ dispute won), dispute_lost (0: the withdrawal is final).';

-- ============================================================================================
-- tables
-- ============================================================================================

create table public.currencies (
  code public.currency_code primary key,
  -- Digits of the minor unit: 2 for EUR (cents), 0 for JPY (no minor unit), 3 for KWD.
  exponent smallint not null check (exponent in (0, 2, 3)),
  -- The provider's smallest charge, in minor units.
  min_amount_minor bigint not null check (min_amount_minor > 0)
);
comment on table public.currencies is 'Currencies offers may be priced in, with their minor-unit exponent (JPY has none); readable by everyone.';
insert into public.currencies (code, exponent, min_amount_minor) values
  ('EUR', 2, 50), ('USD', 2, 50), ('GBP', 2, 30), ('CHF', 2, 50), ('CAD', 2, 50), ('AUD', 2, 50),
  ('SEK', 2, 300), ('NOK', 2, 300), ('DKK', 2, 250), ('JPY', 0, 50), ('KRW', 0, 500), ('KWD', 3, 500);

create table public.offers (
  id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(title) between 1 and 200),
  description text not null default '' check (char_length(description) <= 5000),
  destination text not null check (char_length(destination) between 1 and 200),
  price_per_traveller_minor bigint not null check (price_per_traveller_minor between 1 and 99999999),
  currency public.currency_code not null references public.currencies (code),
  -- Null: unlimited.
  capacity integer check (capacity is null or capacity > 0),
  -- Seats held by pending and paid bookings; maintained by the booking functions only (no API grant).
  seats_taken integer not null default 0 check (seats_taken >= 0),
  active boolean not null default true,
  available_from timestamptz,
  available_until timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (available_until is null or available_from is null or available_until > available_from)
);
comment on table public.offers is 'Bookable trips, tours and activities: price per traveller in minor units, optional capacity, active window. Everyone reads active offers; admins write.';
comment on column public.offers.seats_taken is 'Seats held by pending, paid, partially refunded or disputed bookings.';
create index offers_created_by_idx on public.offers (created_by);
create index offers_currency_idx on public.offers (currency);

create table public.bookings (
  id uuid primary key default gen_random_uuid(),
  -- Null once the account is purged: the booking and its ledger rows stay for the accounts.
  user_id uuid references auth.users (id) on delete set null,
  offer_id uuid not null references public.offers (id) on delete restrict,
  plan_id uuid references public.plans (id) on delete set null,
  plan_item_id uuid references public.plan_items (id) on delete set null,
  travellers integer not null check (travellers between 1 and 50),
  unit_amount_minor bigint not null check (unit_amount_minor > 0),
  -- Computed in SQL from the offer (never from the client).
  amount_minor bigint not null check (amount_minor > 0 and amount_minor <= 99999999),
  currency public.currency_code not null references public.currencies (code),
  status public.booking_status not null default 'pending',
  -- Derived from the ledger with the status.
  paid_minor bigint not null default 0,
  refunded_minor bigint not null default 0,
  -- How an unpaid attempt ended, with the (event created, rank, event id) that set it: the greatest key
  -- wins, so the final outcome does not depend on delivery order.
  outcome public.booking_outcome,
  outcome_key text,
  seats_held boolean not null default true,
  provider text not null default 'stripe' check (provider ~ '^[a-z_]{1,30}$'),
  payment_mode text check (payment_mode in ('checkout', 'payment_intent')),
  provider_checkout_session_id text unique,
  provider_payment_intent_id text unique,
  -- A pending booking not paid by then is expired by the sweeper (the checkout's own expiry + a margin).
  hold_expires_at timestamptz not null,
  -- The client's retry key: the same key returns the same booking.
  request_key text check (request_key is null or request_key ~ '^[A-Za-z0-9_:-]{8,100}$'),
  last_payment_error text check (last_payment_error is null or char_length(last_payment_error) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, request_key),
  check (travellers * unit_amount_minor = amount_minor)
);
comment on table public.bookings is 'A user''s booking of an offer for N travellers; amount computed in SQL; status derived from the ledger. Owners read their own, admins all; no API role writes.';
create index bookings_user_id_created_at_idx on public.bookings (user_id, created_at desc);
create index bookings_offer_id_idx on public.bookings (offer_id);
create index bookings_plan_id_idx on public.bookings (plan_id);
create index bookings_plan_item_id_idx on public.bookings (plan_item_id);
create index bookings_pending_hold_idx on public.bookings (hold_expires_at) where status = 'pending';

create table public.payment_ledger (
  id bigint generated always as identity primary key,
  -- Exactly one of booking / subscription (payment_ledger_one_owner).
  booking_id uuid references public.bookings (id) on delete cascade,
  provider text not null check (provider ~ '^[a-z_]{1,30}$'),
  kind public.ledger_kind not null,
  -- The provider's object: the payment intent of a charge, the refund, the dispute.
  provider_object_id text not null check (char_length(provider_object_id) between 1 and 255),
  -- Signed, in the booking currency's minor units.
  amount_minor bigint not null,
  currency public.currency_code not null references public.currencies (code),
  -- The webhook event that recorded it (null when recorded from an API answer).
  event_id text,
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  subscription_id uuid references public.subscriptions (id) on delete restrict,
  -- The payment a refund or dispute of a subscription payment belongs to (to tell a full refund from a part).
  charge_ref text check (charge_ref is null or char_length(charge_ref) <= 255),
  unique (provider, kind, provider_object_id),
  check (case kind
    when 'charge' then amount_minor > 0
    when 'refund' then amount_minor < 0
    when 'dispute' then amount_minor < 0
    when 'dispute_reversal' then amount_minor > 0
    else amount_minor = 0 end),
  constraint payment_ledger_one_owner check ((booking_id is null) <> (subscription_id is null))
);
comment on table public.payment_ledger is 'Append-only ledger of money movements, one row per provider object; signed minor units; occurred_at from the provider.';
create index payment_ledger_booking_id_idx on public.payment_ledger (booking_id);
create index payment_ledger_currency_idx on public.payment_ledger (currency);

create table public.booking_status_history (
  id bigint generated always as identity primary key,
  booking_id uuid not null references public.bookings (id) on delete cascade,
  from_status public.booking_status,
  to_status public.booking_status not null,
  -- The cause: a provider event id, or the acting user (or both null for the system sweeper).
  cause_event_id text,
  cause_actor uuid,
  cause text not null check (char_length(cause) between 1 and 100),
  created_at timestamptz not null default now()
);
comment on table public.booking_status_history is 'Append-only history of booking status changes with their cause; no API role writes it.';
create index booking_status_history_booking_id_idx on public.booking_status_history (booking_id, id);

create table private.payment_webhook_events (
  provider text not null,
  event_id text not null check (char_length(event_id) between 1 and 255),
  event_type text not null,
  event_created timestamptz not null,
  -- applied: had effects; ignored: unknown type or nothing of ours.
  result text not null check (result in ('applied', 'ignored')),
  booking_id uuid,
  processed_at timestamptz not null default now(),
  primary key (provider, event_id)
);
comment on table private.payment_webhook_events is 'Every processed payment webhook event, written in the transaction of its effects: a redelivery is a no-op.';

create trigger set_updated_at before update on public.offers
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.bookings
  for each row execute function private.set_updated_at();

-- Ledger and history are append-only for everyone, the table owner's functions included.
create function private.forbid_change()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = '42501';
end;
$$;
comment on function private.forbid_change() is 'Trigger: refuses update and delete on append-only tables.';
create trigger append_only before update or delete on public.payment_ledger
  for each row execute function private.forbid_change();
create trigger append_only before update or delete on public.booking_status_history
  for each row execute function private.forbid_change();

-- ============================================================================================
-- status derivation (the only writer of bookings.status)
-- ============================================================================================

-- Recomputes a booking's status from its ledger (and, with no money moved, its attempt's outcome),
-- records the change with its cause, moves the seat hold once, and queues the emails of the change.
-- Callers hold the booking's row lock.
create function private.refresh_booking_status(target uuid, cause_event text, cause_actor uuid, cause text)
returns public.booking_status
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  b public.bookings;
  charged bigint;
  refunded bigint;
  open_disputes integer;
  lost_disputes integer;
  next_status public.booking_status;
  holds boolean;
  o public.offers;
  recipient text;
  display text;
begin
  select * into strict b from public.bookings where id = target;
  select coalesce(sum(amount_minor) filter (where kind = 'charge'), 0),
         coalesce(-sum(amount_minor) filter (where kind = 'refund'), 0)
    into charged, refunded
    from public.payment_ledger where booking_id = target;
  select count(*) filter (where not exists (select 1 from public.payment_ledger r where r.booking_id = target
             and r.provider_object_id = d.provider_object_id and r.kind in ('dispute_reversal', 'dispute_lost'))),
         count(*) filter (where exists (select 1 from public.payment_ledger r where r.booking_id = target
             and r.provider_object_id = d.provider_object_id and r.kind = 'dispute_lost'))
    into open_disputes, lost_disputes
    from public.payment_ledger d where d.booking_id = target and d.kind = 'dispute';

  next_status := case
    when charged > 0 and open_disputes > 0 then 'disputed'
    when charged > 0 and (lost_disputes > 0 or refunded >= charged) then 'refunded'
    when charged > 0 and refunded > 0 then 'partially_refunded'
    when charged > 0 then 'paid'
    else coalesce(b.outcome::text, 'pending')::public.booking_status
  end;
  holds := next_status in ('pending', 'paid', 'partially_refunded', 'disputed');

  if holds is distinct from b.seats_held then
    -- Released (or taken back when money arrives after an expiry) exactly once: the flag moves with it.
    update public.offers set seats_taken = greatest(0, seats_taken + case when holds then b.travellers else -b.travellers end)
      where id = b.offer_id;
  end if;

  if next_status is distinct from b.status or holds is distinct from b.seats_held
    or charged is distinct from b.paid_minor or refunded is distinct from b.refunded_minor then
    update public.bookings set status = next_status, seats_held = holds, paid_minor = charged, refunded_minor = refunded
      where id = target;
  end if;

  if next_status is distinct from b.status then
    insert into public.booking_status_history (booking_id, from_status, to_status, cause_event_id, cause_actor, cause)
    values (target, b.status, next_status, cause_event, cause_actor, cause);

    if next_status = 'paid' and b.status in ('pending', 'cancelled', 'expired', 'failed') then
      select u.email, p.display_name into recipient, display
        from auth.users u join public.profiles p on p.id = u.id where u.id = b.user_id;
      select * into o from public.offers where id = b.offer_id;
      if recipient is not null then
        perform private.enqueue_email('booking_confirmation', recipient, jsonb_build_object(
          'displayName', display, 'description', left(o.title, 200), 'date', to_char(b.created_at, 'YYYY-MM-DD'),
          'amountMinor', b.amount_minor, 'currency', b.currency, 'reference', private.booking_reference(b.id)),
          'booking_confirmation:' || b.id, b.user_id);
      end if;
    end if;
  end if;
  return next_status;
end;
$$;
comment on function private.refresh_booking_status(uuid, text, uuid, text) is 'Derives a booking''s status from its ledger; records history, moves the seat hold once, queues the confirmation.';

create function private.booking_reference(booking uuid)
returns text
language sql
immutable
security invoker
set search_path = ''
as $$
  select 'BK-' || upper(left(replace(booking::text, '-', ''), 10))
$$;
comment on function private.booking_reference(uuid) is 'The short reference shown to users for a booking.';

-- Queues an email about a booking to its owner (no-op for a purged account).
create function private.enqueue_booking_email(target uuid, template text, extra jsonb, dedupe_key text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  b public.bookings;
  recipient text;
  display text;
  title text;
begin
  select * into strict b from public.bookings where id = target;
  select u.email, p.display_name into recipient, display
    from auth.users u join public.profiles p on p.id = u.id where u.id = b.user_id;
  select left(o.title, 200) into title from public.offers o where o.id = b.offer_id;
  if recipient is null then
    return;
  end if;
  perform private.enqueue_email(template, recipient, jsonb_build_object(
    'displayName', display, 'description', title, 'amountMinor', b.amount_minor, 'currency', b.currency,
    'reference', private.booking_reference(b.id)) || coalesce(extra, '{}'::jsonb), dedupe_key, b.user_id);
end;
$$;
comment on function private.enqueue_booking_email(uuid, text, jsonb, text) is 'Queues a payment email to the booking''s owner in the caller''s transaction (dedupe key per effect).';

-- ============================================================================================
-- bookings (called by the payments function as postgres)
-- ============================================================================================

-- Holds seats and creates a pending booking, atomically: the seat count is one conditional update on the
-- offer row, so concurrent bookings queue on its lock and never oversell. The amount comes from the offer.
-- error_code: null, 'rate_limited', 'offer_not_found', 'offer_unavailable', 'sold_out', 'amount_out_of_range',
-- 'plan_not_found'. With a request key already used, the existing booking is returned (created = false).
create function private.create_booking(
  target_user uuid, offer uuid, traveller_count integer, plan uuid default null, plan_item uuid default null,
  retry_key text default null
)
returns table (booking_id uuid, created boolean, error_code text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  o public.offers;
  existing uuid;
  new_id uuid;
  total bigint;
  min_amount bigint;
begin
  if not exists (select 1 from public.profiles p
    where p.id = target_user and p.deleted_at is null and p.suspended_at is null) then
    raise exception 'account is not active' using errcode = '42501';
  end if;
  if traveller_count is null or traveller_count not between 1 and 50 then
    raise exception 'travellers must be between 1 and 50' using errcode = '22023';
  end if;
  if retry_key is not null then
    -- One request per (user, key) at a time: a second one waits here until the first commits, then
    -- finds its booking (read committed: the next statement sees it) instead of failing on the unique key.
    perform pg_advisory_xact_lock(hashtextextended('create_booking:' || target_user::text || ':' || retry_key, 0));
    select b.id into existing from public.bookings b where b.user_id = target_user and b.request_key = retry_key;
    if existing is not null then
      return query select existing, false, null::text;
      return;
    end if;
  end if;
  -- Every booking holds seats until paid or expired: a per-user rate limit keeps one account from
  -- holding an offer's capacity hostage.
  if private.hit_rate_limit(target_user, 'create_booking',
      private.setting_int('booking_rate_per_minute'), 60) > 0 then
    return query select null::uuid, false, 'rate_limited'::text;
    return;
  end if;
  if plan is not null and not exists (select 1 from public.plans p
      where p.id = plan and p.user_id = target_user and p.deleted_at is null) then
    return query select null::uuid, false, 'plan_not_found'::text;
    return;
  end if;
  if plan_item is not null and not exists (select 1 from public.plan_items i join public.plans p on p.id = i.plan_id
      where i.id = plan_item and p.user_id = target_user and p.deleted_at is null
        and (plan is null or p.id = plan)) then
    return query select null::uuid, false, 'plan_not_found'::text;
    return;
  end if;

  select * into o from public.offers where id = offer;
  if not found then
    return query select null::uuid, false, 'offer_not_found'::text;
    return;
  end if;
  if not o.active or (o.available_from is not null and o.available_from > now())
      or (o.available_until is not null and o.available_until <= now()) then
    return query select null::uuid, false, 'offer_unavailable'::text;
    return;
  end if;
  total := o.price_per_traveller_minor * traveller_count;
  select c.min_amount_minor into min_amount from public.currencies c where c.code = o.currency;
  if total > 99999999 or total < min_amount then
    return query select null::uuid, false, 'amount_out_of_range'::text;
    return;
  end if;

  update public.offers set seats_taken = seats_taken + traveller_count
    where id = offer and (capacity is null or seats_taken + traveller_count <= capacity);
  if not found then
    return query select null::uuid, false, 'sold_out'::text;
    return;
  end if;

  insert into public.bookings (user_id, offer_id, plan_id, plan_item_id, travellers, unit_amount_minor, amount_minor,
    currency, hold_expires_at, request_key)
  values (target_user, offer, plan, plan_item, traveller_count, o.price_per_traveller_minor, total, o.currency,
    now() + make_interval(mins => private.setting_int('booking_hold_minutes')), retry_key)
  returning id into new_id;
  insert into public.booking_status_history (booking_id, from_status, to_status, cause_actor, cause)
  values (new_id, null, 'pending', target_user, 'booked');
  return query select new_id, true, null::text;
end;
$$;
comment on function private.create_booking(uuid, uuid, integer, uuid, uuid, text) is 'Holds seats and creates a pending booking (amount from the offer); refuses sold out, unavailable, foreign plans; one request per (user, request key) at a time.';

-- Records the provider objects of a booking's payment (so webhook events about them find the booking).
create function private.attach_booking_payment(
  target uuid, mode text, checkout_session text, payment_intent text, expires_at timestamptz
)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  update public.bookings
  set payment_mode = mode,
      provider_checkout_session_id = coalesce(checkout_session, provider_checkout_session_id),
      provider_payment_intent_id = coalesce(payment_intent, provider_payment_intent_id),
      hold_expires_at = greatest(hold_expires_at, coalesce(expires_at + interval '5 minutes', hold_expires_at))
  where id = target
$$;
comment on function private.attach_booking_payment(uuid, text, text, text, timestamptz) is 'Links a booking to its Checkout Session / PaymentIntent.';

-- Ends an unpaid attempt with an outcome, keyed (event created epoch, rank, event id or actor): a greater
-- key replaces a smaller one, so the result does not depend on the order in which causes arrive.
create function private.set_booking_outcome(
  target uuid, new_outcome public.booking_outcome, order_key text, cause_event text, cause_actor uuid, cause text
)
returns public.booking_status
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  b public.bookings;
begin
  select * into strict b from public.bookings where id = target for update;
  if b.outcome_key is null or order_key > b.outcome_key then
    update public.bookings set outcome = new_outcome, outcome_key = order_key where id = target;
  end if;
  return private.refresh_booking_status(target, cause_event, cause_actor, cause);
end;
$$;
comment on function private.set_booking_outcome(uuid, public.booking_outcome, text, text, uuid, text) is 'Sets how an unpaid attempt ended (greatest order key wins) and re-derives the status.';

-- The key that orders causes: zero-padded epoch seconds, then a rank (terminal outcomes of the same second
-- win over earlier ones in a fixed order), then the event id as the last tie-breaker.
create function private.outcome_order_key(created timestamptz, outcome public.booking_outcome, tiebreak text)
returns text
language sql
immutable
security invoker
set search_path = ''
as $$
  select lpad(floor(extract(epoch from created))::bigint::text, 12, '0') || ':'
    || case outcome when 'expired' then '1' when 'failed' then '2' else '3' end || ':' || coalesce(tiebreak, '')
$$;
comment on function private.outcome_order_key(timestamptz, public.booking_outcome, text) is 'Orders outcome causes: created second, then rank, then event id.';

-- The user cancels their pending booking. Returns the booking's status afterwards, or raises P0002 (not
-- theirs / not found) or 55000 (not pending).
create function private.cancel_booking(target_user uuid, target uuid)
returns public.booking_status
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  b public.bookings;
begin
  select * into b from public.bookings where id = target and user_id = target_user for update;
  if not found then
    raise exception 'booking not found' using errcode = 'P0002';
  end if;
  if b.status <> 'pending' then
    raise exception 'booking is %', b.status using errcode = '55000';
  end if;
  return private.set_booking_outcome(target, 'cancelled', private.outcome_order_key(now(), 'cancelled', target_user::text),
    null, target_user, 'cancelled by user');
end;
$$;
comment on function private.cancel_booking(uuid, uuid) is 'Cancels the caller''s pending booking (releases the hold once).';

-- A payment attempt could not be created (provider down): the booking fails at once so no seat stays held.
create function private.fail_booking_start(target uuid, reason text)
returns public.booking_status
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  update public.bookings set last_payment_error = left(reason, 500) where id = target;
  return private.set_booking_outcome(target, 'failed', private.outcome_order_key(now(), 'failed', 'provider'),
    null, null, 'payment could not be created');
end;
$$;
comment on function private.fail_booking_start(uuid, text) is 'Fails a booking whose payment could not be created (releases the hold).';

-- Pending bookings past their hold expire (pg_cron, every minute): a checkout whose expiry webhook never
-- arrives does not hold seats forever. A payment that still arrives later wins (money is never refused).
create function private.expire_stale_bookings()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  r record;
  n integer := 0;
begin
  for r in select id from public.bookings where status = 'pending' and hold_expires_at < now()
    order by hold_expires_at limit 500 for update skip locked loop
    perform private.set_booking_outcome(r.id, 'expired', private.outcome_order_key(now(), 'expired', 'sweeper'),
      null, null, 'hold expired');
    n := n + 1;
  end loop;
  return n;
end;
$$;
comment on function private.expire_stale_bookings() is 'Expires pending bookings whose hold ran out (pg_cron).';

select cron.schedule('expire-booking-holds', '* * * * *', 'select private.expire_stale_bookings()');

-- ============================================================================================
-- webhook events (called by the stripe-webhook function as postgres, one transaction per event)
-- ============================================================================================

-- Applies one provider-neutral event:
-- { id, type, created (epoch s), refs: {booking_id?, payment_intent?, checkout_session?},
--   effects: [{kind: link|payment_succeeded|payment_failed|attempt_ended|refund|dispute_opened|dispute_closed,
--              ref, amount, currency, outcome, reason, occurred_at, dispute_outcome}] }
-- Returns 'duplicate' (already processed: nothing changes), 'applied', 'ignored' (recorded), or
-- 'unattributed' (nothing recorded: no booking known yet for its objects; the caller answers non-2xx so
-- the provider delivers it again, after the event that links the objects).
create function private.apply_payment_event(provider_name text, event jsonb)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  evt_id text := event ->> 'id';
  created timestamptz := to_timestamp((event ->> 'created')::bigint);
  refs jsonb := coalesce(event -> 'refs', '{}'::jsonb);
  effects jsonb := coalesce(event -> 'effects', '[]'::jsonb);
  target uuid;
  b public.bookings;
  e jsonb;
  inserted integer;
  ref text;
  amt bigint;
  occurred timestamptz;
begin
  insert into private.payment_webhook_events (provider, event_id, event_type, event_created, result)
  values (provider_name, evt_id, event ->> 'type', created, 'ignored')
  on conflict do nothing;
  get diagnostics inserted = row_count;
  if inserted = 0 then
    return 'duplicate';
  end if;
  if jsonb_array_length(effects) = 0 then
    return 'ignored';
  end if;

  -- Find the booking: our own metadata first, then the provider objects we linked.
  if refs ->> 'booking_id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    target := (refs ->> 'booking_id')::uuid;
  end if;
  if target is null and refs ->> 'payment_intent' is not null then
    select id into target from public.bookings where provider_payment_intent_id = refs ->> 'payment_intent';
  end if;
  if target is null and refs ->> 'checkout_session' is not null then
    select id into target from public.bookings where provider_checkout_session_id = refs ->> 'checkout_session';
  end if;
  select * into b from public.bookings where id = target and provider = provider_name for update;
  if not found then
    if refs ->> 'booking_id' is null and created > now() - interval '1 hour' then
      -- Not linked yet (e.g. a refund delivered before the payment's own event): undo the record.
      delete from private.payment_webhook_events p where p.provider = provider_name and p.event_id = evt_id;
      return 'unattributed';
    end if;
    return 'ignored';
  end if;
  -- The event must agree with the booking it names. The booking id comes from metadata (or a Checkout
  -- Session's client_reference_id, which a Payment Link takes from its URL): an event about other provider
  -- objects than the ones this booking is linked to, or paying another amount or currency, is not this
  -- booking's payment. Recorded as ignored (a redelivery stays a no-op) and never applied.
  if (refs ->> 'payment_intent' is not null and b.provider_payment_intent_id is not null
        and b.provider_payment_intent_id <> refs ->> 'payment_intent')
     or (refs ->> 'checkout_session' is not null and b.provider_checkout_session_id is not null
        and b.provider_checkout_session_id <> refs ->> 'checkout_session')
     -- A booking paid with a PaymentIntent has no Checkout Session: none can speak for it.
     or (refs ->> 'checkout_session' is not null and b.payment_mode = 'payment_intent')
     or exists (select 1 from jsonb_array_elements(effects) x
        where x ->> 'kind' = 'payment_succeeded'
          and (x ->> 'amount')::bigint is distinct from b.amount_minor)
     -- Money in another currency than the booking's (a refund or dispute included) is not this booking's:
     -- ignored, rather than an error that Stripe would retry for days.
     or exists (select 1 from jsonb_array_elements(effects) x
        where upper(coalesce(x ->> 'currency', b.currency)) <> b.currency) then
    return 'ignored';
  end if;
  -- Link objects this event reveals (a Checkout Session's payment intent).
  if refs ->> 'payment_intent' is not null and b.provider_payment_intent_id is null then
    update public.bookings set provider_payment_intent_id = refs ->> 'payment_intent' where id = b.id;
  end if;
  if refs ->> 'checkout_session' is not null and b.provider_checkout_session_id is null then
    update public.bookings set provider_checkout_session_id = refs ->> 'checkout_session' where id = b.id;
  end if;

  for e in select * from jsonb_array_elements(effects) loop
    ref := e ->> 'ref';
    amt := (e ->> 'amount')::bigint;
    occurred := coalesce(to_timestamp((e ->> 'occurred_at')::bigint), created);
    if e ->> 'currency' is not null and upper(e ->> 'currency') <> b.currency then
      raise exception 'currency % does not match booking %', e ->> 'currency', b.id using errcode = '22023';
    end if;
    case e ->> 'kind'
    when 'payment_succeeded' then
      insert into public.payment_ledger (booking_id, provider, kind, provider_object_id, amount_minor, currency, event_id, occurred_at)
      values (b.id, provider_name, 'charge', ref, amt, b.currency, evt_id, occurred)
      on conflict do nothing;
      get diagnostics inserted = row_count;
      if inserted > 0 then
        perform private.enqueue_booking_email(b.id, 'payment_receipt', jsonb_build_object('amountMinor', amt,
          'reference', ref), 'payment_receipt:' || provider_name || ':' || ref);
      end if;
    when 'refund' then
      insert into public.payment_ledger (booking_id, provider, kind, provider_object_id, amount_minor, currency, event_id, occurred_at)
      values (b.id, provider_name, 'refund', ref, -amt, b.currency, evt_id, occurred)
      on conflict do nothing;
      get diagnostics inserted = row_count;
      if inserted > 0 then
        perform private.enqueue_booking_email(b.id, 'refund', jsonb_build_object('amountMinor', amt, 'reference', ref,
          'partial', amt < b.amount_minor), 'refund:' || provider_name || ':' || ref);
      end if;
    when 'dispute_opened', 'dispute_closed' then
      insert into public.payment_ledger (booking_id, provider, kind, provider_object_id, amount_minor, currency, event_id, occurred_at)
      values (b.id, provider_name, 'dispute', ref, -amt, b.currency, evt_id, occurred)
      on conflict do nothing;
      if e ->> 'kind' = 'dispute_opened' then
        perform private.enqueue_booking_email(b.id, 'dispute_notice', jsonb_build_object('amountMinor', amt,
          'state', 'opened'), 'dispute:' || provider_name || ':' || ref || ':opened');
      elsif e ->> 'dispute_outcome' in ('won', 'lost') then
        insert into public.payment_ledger (booking_id, provider, kind, provider_object_id, amount_minor, currency, event_id, occurred_at)
        values (b.id, provider_name, case when e ->> 'dispute_outcome' = 'won' then 'dispute_reversal' else 'dispute_lost' end::public.ledger_kind,
          ref, case when e ->> 'dispute_outcome' = 'won' then amt else 0 end, b.currency, evt_id, occurred)
        on conflict do nothing;
        perform private.enqueue_booking_email(b.id, 'dispute_notice', jsonb_build_object('amountMinor', amt,
          'state', e ->> 'dispute_outcome'), 'dispute:' || provider_name || ':' || ref || ':closed');
      end if;
    when 'link' then
      null; -- only links the objects (done above)
    when 'payment_failed' then
      update public.bookings set last_payment_error = left(e ->> 'reason', 500) where id = b.id;
      -- A declined card on the Checkout page is shown there (the session stays open): no email for it.
      if (e ->> 'terminal')::boolean or b.payment_mode is distinct from 'checkout' then
        perform private.enqueue_booking_email(b.id, 'payment_failed', jsonb_build_object('reason',
        coalesce(left(e ->> 'reason', 300), 'The payment was declined.')), 'payment_failed:' || provider_name || ':' || evt_id);
      end if;
      if (e ->> 'terminal')::boolean then
        perform private.set_booking_outcome(b.id, 'failed', private.outcome_order_key(created, 'failed', evt_id),
          evt_id, null, event ->> 'type');
      end if;
    when 'attempt_ended' then
      perform private.set_booking_outcome(b.id, (e ->> 'outcome')::public.booking_outcome,
        private.outcome_order_key(created, (e ->> 'outcome')::public.booking_outcome, evt_id), evt_id, null, event ->> 'type');
    else
      raise exception 'unknown effect %', e ->> 'kind' using errcode = '22023';
    end case;
  end loop;

  perform private.refresh_booking_status(b.id, evt_id, null, event ->> 'type');
  update private.payment_webhook_events p set result = 'applied', booking_id = b.id
    where p.provider = provider_name and p.event_id = evt_id;
  return 'applied';
end;
$$;
comment on function private.apply_payment_event(text, jsonb) is 'Applies one provider-neutral payment event exactly once (processed-events row in the same transaction); an event contradicting its booking''s linked objects, amount or currency is recorded as ignored.';

-- Records a refund the admin just created through the provider's API (the webhook later finds it there).
create function private.record_refund(target uuid, provider_name text, refund_ref text, amount bigint, actor uuid)
returns public.booking_status
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  b public.bookings;
  inserted integer;
begin
  select * into strict b from public.bookings where id = target for update;
  insert into public.payment_ledger (booking_id, provider, kind, provider_object_id, amount_minor, currency, occurred_at)
  values (b.id, provider_name, 'refund', refund_ref, -amount, b.currency, now())
  on conflict do nothing;
  get diagnostics inserted = row_count;
  if inserted > 0 then
    perform private.enqueue_booking_email(b.id, 'refund', jsonb_build_object('amountMinor', amount, 'reference', refund_ref,
      'partial', amount < b.amount_minor), 'refund:' || provider_name || ':' || refund_ref);
    perform private.log_activity(b.user_id, 'booking.refunded', 'booking', b.id::text,
      jsonb_build_object('amount_minor', amount, 'currency', b.currency, 'refund', refund_ref), actor);
  end if;
  return private.refresh_booking_status(b.id, null, actor, 'refunded by admin');
end;
$$;
comment on function private.record_refund(uuid, text, text, bigint, uuid) is 'Records an admin refund from the provider''s answer (idempotent per refund) and logs it.';

-- ============================================================================================
-- grants and RLS
-- ============================================================================================

alter table public.currencies enable row level security;
alter table public.offers enable row level security;
alter table public.bookings enable row level security;
alter table public.payment_ledger enable row level security;
alter table public.booking_status_history enable row level security;

revoke all on table public.currencies, public.offers, public.bookings, public.payment_ledger,
  public.booking_status_history from anon, authenticated, service_role;
grant select on table public.currencies to anon, authenticated;

-- Users never learn which admin did something (the activity log's rule): an offer's author (created_by) and
-- the actor of a booking's status change (cause_actor, the refunding admin) are left out of the column
-- grants; an admin's export of what they published goes through private.offers_published_by_caller().
grant select (id, title, description, destination, price_per_traveller_minor, currency, capacity, seats_taken,
  active, available_from, available_until, created_at, updated_at) on table public.offers to anon, authenticated;

grant insert (title, description, destination, price_per_traveller_minor, currency, capacity, active, available_from,
  available_until) on table public.offers to authenticated;
grant update (title, description, destination, price_per_traveller_minor, currency, capacity, active, available_from,
  available_until) on table public.offers to authenticated;
grant delete on table public.offers to authenticated;
grant select on table public.bookings, public.payment_ledger to authenticated;

grant select (id, booking_id, from_status, to_status, cause_event_id, cause, created_at)
  on table public.booking_status_history to authenticated;

-- The service role (support work) reads everything and manages offers; money and history stay append-only
-- and are written by the payment functions only.
grant select on table public.currencies, public.offers, public.bookings, public.payment_ledger,
  public.booking_status_history to service_role;
grant insert, update, delete on table public.offers to service_role;

create policy "Currencies are viewable by everyone"
  on public.currencies for select to anon, authenticated using (true);

create policy "Active offers are viewable by everyone"
  on public.offers for select to anon
  using (active and (available_from is null or available_from <= now())
    and (available_until is null or available_until > now()));
-- One policy per role and action (the advisors flag two permissive ones): active offers, or all for admins.
create policy "Active offers are viewable by users, every offer by admins"
  on public.offers for select to authenticated
  using ((active and (available_from is null or available_from <= now())
    and (available_until is null or available_until > now())) or (select private.is_admin()));
create policy "Admins create offers"
  on public.offers for insert to authenticated with check ((select private.is_admin()));
create policy "Admins update offers"
  on public.offers for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "Admins delete offers"
  on public.offers for delete to authenticated using ((select private.is_admin()));

create policy "Bookings are viewable by their owner and admins"
  on public.bookings for select to authenticated
  using (user_id = (select private.active_uid()) or (select private.is_admin()));
create policy "Booking history is viewable by the booking's owner and admins"
  on public.booking_status_history for select to authenticated
  using ((select private.is_admin()) or exists (select 1 from public.bookings b
    where b.id = booking_id and b.user_id = (select private.active_uid())));

-- Offers: the creating admin is recorded by the database, not the client.
create function private.set_offer_creator()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  new.created_by := auth.uid();
  return new;
end;
$$;
comment on function private.set_offer_creator() is 'Trigger: offers record the admin who created them.';
create trigger set_creator before insert on public.offers
  for each row execute function private.set_offer_creator();

revoke all on function private.forbid_change(), private.refresh_booking_status(uuid, text, uuid, text),
  private.booking_reference(uuid), private.enqueue_booking_email(uuid, text, jsonb, text),
  private.create_booking(uuid, uuid, integer, uuid, uuid, text),
  private.attach_booking_payment(uuid, text, text, text, timestamptz),
  private.set_booking_outcome(uuid, public.booking_outcome, text, text, uuid, text),
  private.outcome_order_key(timestamptz, public.booking_outcome, text), private.cancel_booking(uuid, uuid),
  private.fail_booking_start(uuid, text), private.expire_stale_bookings(), private.apply_payment_event(text, jsonb),
  private.record_refund(uuid, text, text, bigint, uuid), private.set_offer_creator() from public;

-- A purged account's bookings stay, without the user. The ledger and the status history are financial
-- records, append-only by design (and kept for years by bookkeeping rules); a cascade from auth.users
-- into them was refused by their append-only triggers, which made the account purge fail for every user
-- who ever booked (and, the purge deleting all due accounts in one statement, for everyone due with them).
-- The booking keeps the offer, amounts and statuses; nothing in it names the person once user_id is null.

comment on column public.bookings.user_id is 'The booking user; null once their account is purged (the booking and its ledger stay as financial records).';

-- Subscription payments are ledger rows too (revenue reads one ledger): exactly one of booking / subscription.

create index payment_ledger_subscription_id_idx on public.payment_ledger (subscription_id);
create index payment_ledger_occurred_at_idx on public.payment_ledger (occurred_at);

-- The payment a refund or dispute of a subscription payment belongs to (to tell a full refund from a part).

comment on column public.payment_ledger.subscription_id is 'The subscription a payment (invoice) belongs to; null for bookings.';

-- The ledger's owner check now also covers subscription payments.

create policy "Ledger rows are viewable by the payer and admins"
  on public.payment_ledger for select to authenticated
  using ((select private.is_admin())
    or exists (select 1 from public.bookings b where b.id = booking_id and b.user_id = (select private.active_uid()))
    or exists (select 1 from public.subscriptions s where s.id = subscription_id and s.user_id = (select private.active_uid())));

-- Webhook attribution: an event is applied to a booking only when it agrees with it.
-- private.apply_payment_event took the booking from the event's metadata / client_reference_id first and
-- then applied every effect to it, whatever provider objects and amount the event carried. A Checkout
-- Session's client_reference_id is set from the URL of a Stripe Payment Link, so anyone paying any amount
-- through any payment link of the account (or an operator's manual charge with copied metadata) could mark
-- someone's booking paid (and its refund/dispute rows could land on another booking). Now an event whose
-- payment intent or checkout session differs from the ones linked to the named booking (or that names a
-- Checkout Session for a booking paid with a PaymentIntent), or whose payment is not exactly the booking's
-- amount and currency, is recorded as ignored and changes nothing.

revoke all on function private.apply_payment_event(text, jsonb) from public;

-- A retried booking request (same request key) sent while the first one was still running failed with a
-- unique violation on (user_id, request_key), answered as a 500: both passed the "key already used?" check
-- before either had committed (a double submit, or a client retrying after a timeout). The check now runs
-- under a transaction advisory lock per (user, key), so the second request waits for the first and returns
-- its booking (created = false).

revoke all on function private.create_booking(uuid, uuid, integer, uuid, uuid, text) from public;

-- ============================================================================================
-- the offers a user published
-- ============================================================================================

-- The offers the caller published (for their data export). SECURITY DEFINER: created_by is not readable by
-- the API roles; it only ever compares it with the caller's own id.
create function private.offers_published_by_caller()
returns setof public.offers
language sql
stable
security definer
set search_path = ''
as $$
  select o.* from public.offers o
  where o.created_by = (select private.active_uid()) and (select private.active_uid()) is not null
  order by o.created_at, o.id
$$;
comment on function private.offers_published_by_caller() is 'The offers the calling (active) user published; for their export.';
revoke execute on function private.offers_published_by_caller() from public, anon, authenticated, service_role;
grant execute on function private.offers_published_by_caller() to authenticated;

create function public.my_published_offers()
returns setof public.offers
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.offers_published_by_caller()
$$;
comment on function public.my_published_offers() is 'Offers the caller published (admins), with their author: the caller.';
revoke execute on function public.my_published_offers() from public, anon;
grant execute on function public.my_published_offers() to authenticated;
