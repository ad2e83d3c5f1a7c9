-- Pro subscriptions: one provider customer per user (created once, remembered), a subscriptions table that
-- mirrors what the webhook learns, subscription payments in the ledger, and the user's tier DERIVED in SQL
-- from the subscriptions (profiles.tier follows at once; the plan quota joins on the tier, so it follows
-- too). The stripe-webhook function applies subscription events through private.apply_provider_event, which
-- routes money of subscription payments here and everything else to private.apply_payment_event.
--
-- Rules (README "Subscriptions"):
-- * Pro while a subscription is active or trialing, or past_due for at most
--   private.settings.subscription_past_due_grace_hours (72) after it became past_due.
-- * Newest state wins: a subscription row keeps the (event created, event id) key of the state it holds; an
--   older event changes nothing. canceled / incomplete_expired are final (Stripe never revives them): they
--   win over any key, and nothing replaces them.
-- * A full refund or a lost dispute of a subscription payment revokes Pro for the period that payment
--   bought (access_revoked_until = that period's end): the customer got their money back, so they do not
--   keep the paid tier. A partial refund (goodwill) and an open dispute do not change the tier. A later paid
--   renewal (a new period) gives Pro again. The money always goes into the ledger (revenue nets it out).

-- ============================================================================================
-- tables
-- ============================================================================================

create table public.billing_customers (
  user_id uuid primary key references auth.users (id) on delete cascade,
  provider text not null default 'stripe' check (provider ~ '^[a-z_]{1,30}$'),
  provider_customer_id text not null check (char_length(provider_customer_id) between 1 and 255),
  created_at timestamptz not null default now(),
  unique (provider, provider_customer_id)
);
comment on table public.billing_customers is 'The payment provider''s customer of each user, created once (idempotently) by the payments function; deleted at the provider by the purge worker. Owner and admins read.';

create table public.subscriptions (
  id uuid primary key default gen_random_uuid(),
  -- Null once the account is purged: the subscription's payments stay in the ledger, which references it.
  user_id uuid references auth.users (id) on delete set null,
  provider text not null default 'stripe' check (provider ~ '^[a-z_]{1,30}$'),
  provider_subscription_id text not null check (char_length(provider_subscription_id) between 1 and 255),
  provider_customer_id text not null check (char_length(provider_customer_id) between 1 and 255),
  -- As the provider names it.
  status text not null check (status in ('incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due',
    'canceled', 'unpaid', 'paused')),
  plan_interval text check (plan_interval in ('month', 'year')),
  price_lookup_key text check (price_lookup_key is null or char_length(price_lookup_key) <= 200),
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  canceled_at timestamptz,
  ended_at timestamptz,
  -- When it became past_due (grace starts); null while not past_due.
  past_due_since timestamptz,
  -- Set by a full refund or a lost dispute: no Pro for the period that payment bought.
  access_revoked_until timestamptz,
  -- (event created, event id) of the state this row holds: a greater key wins, so delivery order does not
  -- matter.
  state_key text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (provider, provider_subscription_id)
);
comment on table public.subscriptions is 'Pro subscriptions as the payment provider reports them (webhook only); the tier is derived from them. Owner and admins read; no API role writes.';
create index subscriptions_user_id_idx on public.subscriptions (user_id);
create index subscriptions_past_due_idx on public.subscriptions (past_due_since) where status = 'past_due';

create trigger set_updated_at before update on public.subscriptions
  for each row execute function private.set_updated_at();

-- ============================================================================================
-- tier derivation (the only writer of profiles.tier)
-- ============================================================================================

create function private.derived_tier(target uuid)
returns public.account_tier
language sql
stable
security definer
set search_path = ''
as $$
  select case when exists (
    select 1 from public.subscriptions s
    where s.user_id = target
      and (s.status in ('active', 'trialing')
        or (s.status = 'past_due' and s.past_due_since > now()
          - make_interval(hours => private.setting_int('subscription_past_due_grace_hours'))))
      and (s.access_revoked_until is null or s.current_period_end is null
        or s.access_revoked_until < s.current_period_end)
  ) then 'pro'::public.account_tier else 'free'::public.account_tier end
$$;
comment on function private.derived_tier(uuid) is 'pro while a subscription is active/trialing or past_due within the grace, and its paid period not revoked.';

-- Writes the derived tier onto the profile (the custom access token hook and the quota read it there).
create function private.sync_tier(target uuid)
returns public.account_tier
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  next_tier public.account_tier := private.derived_tier(target);
begin
  perform set_config('private.tier_sync', 'on', true);
  update public.profiles set tier = next_tier where id = target and tier is distinct from next_tier;
  perform set_config('private.tier_sync', 'off', true);
  return next_tier;
end;
$$;
comment on function private.sync_tier(uuid) is 'Sets profiles.tier to the tier derived from the user''s subscriptions.';

create function private.subscriptions_sync_tier()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.user_id is not null then
    perform private.sync_tier(old.user_id);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.user_id is not null then
    perform private.sync_tier(new.user_id);
  end if;
  return null;
end;
$$;
comment on function private.subscriptions_sync_tier() is 'Trigger: the owner''s tier follows every change of their subscriptions at once.';
create trigger sync_tier after insert or update or delete on public.subscriptions
  for each row execute function private.subscriptions_sync_tier();

-- No API role writes the tier (they have no column grant either); only the derivation does. Postgres itself
-- (migrations, support by hand) is not stopped: the next subscription change derives it again.
create function private.guard_tier()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if new.tier is distinct from old.tier and current_setting('private.tier_sync', true) is distinct from 'on'
    and current_user in ('anon', 'authenticated', 'service_role') then
    raise exception 'the tier follows the subscription and cannot be set' using errcode = '42501';
  end if;
  return new;
end;
$$;
comment on function private.guard_tier() is 'Trigger: refuses tier changes by API roles (the tier is derived from subscriptions).';
create trigger guard_tier before update of tier on public.profiles
  for each row execute function private.guard_tier();

-- The grace of a past_due subscription ends with time, not with an event: re-derive those users.
create function private.expire_subscription_grace()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  changed integer := 0;
  uid uuid;
begin
  for uid in
    select p.id from public.profiles p where p.tier = 'pro' and private.derived_tier(p.id) = 'free'
  loop
    perform private.sync_tier(uid);
    changed := changed + 1;
  end loop;
  return changed;
end;
$$;
comment on function private.expire_subscription_grace() is 'Re-derives the tier of Pro users whose past_due grace (or revoked period) ended (pg_cron, every 10 minutes).';
select cron.schedule('subscription-grace', '*/10 * * * *', 'select private.expire_subscription_grace()');

-- ============================================================================================
-- customers (called by the payments function as postgres)
-- ============================================================================================

-- Remembers the customer the provider created; the first one stored wins (a racing request that created
-- the same customer with the same idempotency key gets the same id anyway). Returns the stored id.
create function private.remember_billing_customer(target uuid, provider_name text, customer_ref text)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  stored text;
begin
  insert into public.billing_customers (user_id, provider, provider_customer_id)
  values (target, provider_name, customer_ref)
  on conflict (user_id) do nothing;
  select provider_customer_id into strict stored from public.billing_customers where user_id = target;
  return stored;
end;
$$;
comment on function private.remember_billing_customer(uuid, text, text) is 'Stores a user''s provider customer once; returns the stored one.';

-- ============================================================================================
-- subscription events (stripe-webhook, one transaction per event)
-- ============================================================================================

create function private.enqueue_subscription_email(target uuid, template text, extra jsonb, dedupe_key text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  recipient text;
  display text;
begin
  select u.email, p.display_name into recipient, display
    from auth.users u join public.profiles p on p.id = u.id where u.id = target;
  if recipient is null then
    return;
  end if;
  -- Nulls dropped: an optional field is absent, not null, for the template's schema.
  perform private.enqueue_email(template, recipient, jsonb_strip_nulls(jsonb_build_object('displayName', display)
    || coalesce(extra, '{}'::jsonb)), dedupe_key, target);
end;
$$;
comment on function private.enqueue_subscription_email(uuid, text, jsonb, text) is 'Queues a subscription email to the user in the caller''s transaction (dedupe key per effect).';

create function private.subscription_state_key(created timestamptz, evt_id text)
returns text
language sql
immutable
security invoker
set search_path = ''
as $$
  select lpad(extract(epoch from created)::bigint::text, 12, '0') || ':' || evt_id
$$;
comment on function private.subscription_state_key(timestamptz, text) is 'Orders subscription states: event time, then event id.';

-- Applies one provider-neutral subscription event:
-- { id, type, created, refs: {subscription, customer, user_id?},
--   effects: [{kind: subscription_state, status, interval, lookup_key, current_period_end, cancel_at_period_end,
--              canceled_at, ended_at}
--           | {kind: invoice_paid, ref, invoice, amount, currency, billing_reason, period_end}
--           | {kind: invoice_payment_failed, invoice, amount, currency, next_attempt}] }
-- Returns duplicate / applied / ignored / unattributed (as private.apply_payment_event).
create function private.apply_subscription_event(provider_name text, event jsonb)
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
  key text := private.subscription_state_key(to_timestamp((event ->> 'created')::bigint), event ->> 'id');
  owner uuid;
  s public.subscriptions;
  e jsonb;
  inserted integer;
  next_status text;
  was_pro boolean;
  period_end timestamptz;
begin
  insert into private.payment_webhook_events (provider, event_id, event_type, event_created, result)
  values (provider_name, evt_id, event ->> 'type', created, 'ignored')
  on conflict do nothing;
  get diagnostics inserted = row_count;
  if inserted = 0 then
    return 'duplicate';
  end if;

  -- The user: the customer we created for them, else our metadata on the subscription.
  select c.user_id into owner from public.billing_customers c
    where c.provider = provider_name and c.provider_customer_id = refs ->> 'customer';
  if owner is null and refs ->> 'user_id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    select id into owner from auth.users where id = (refs ->> 'user_id')::uuid;
  end if;
  select * into s from public.subscriptions
    where provider = provider_name and provider_subscription_id = refs ->> 'subscription' for update;
  if not found and owner is null then
    return 'ignored'; -- not one of ours (or a purged user's)
  end if;

  for e in select * from jsonb_array_elements(effects) loop
    case e ->> 'kind'
    when 'subscription_state' then
      next_status := e ->> 'status';
      period_end := to_timestamp((e ->> 'current_period_end')::bigint);
      if s.id is null then
        insert into public.subscriptions (user_id, provider, provider_subscription_id, provider_customer_id, status,
          plan_interval, price_lookup_key, current_period_end, cancel_at_period_end, canceled_at, ended_at,
          past_due_since, state_key)
        values (owner, provider_name, refs ->> 'subscription', refs ->> 'customer', next_status, e ->> 'interval',
          e ->> 'lookup_key', period_end, coalesce((e ->> 'cancel_at_period_end')::boolean, false),
          to_timestamp((e ->> 'canceled_at')::bigint), to_timestamp((e ->> 'ended_at')::bigint),
          case when next_status = 'past_due' then created end, key)
        returning * into s;
        if next_status in ('active', 'trialing') then
          perform private.enqueue_subscription_email(s.user_id, 'subscription_started', jsonb_build_object(
            'interval', coalesce(s.plan_interval, 'month'), 'periodEnd', to_char(period_end, 'YYYY-MM-DD')),
            'subscription_started:' || provider_name || ':' || s.provider_subscription_id);
        end if;
      -- A final state wins whatever its key (Stripe never revives a canceled subscription); otherwise newer wins.
      elsif s.status not in ('canceled', 'incomplete_expired')
        and (key > s.state_key or next_status in ('canceled', 'incomplete_expired')) then
        was_pro := s.status in ('active', 'trialing', 'past_due');
        update public.subscriptions set status = next_status, plan_interval = coalesce(e ->> 'interval', plan_interval),
          price_lookup_key = coalesce(e ->> 'lookup_key', price_lookup_key),
          current_period_end = coalesce(period_end, current_period_end),
          cancel_at_period_end = coalesce((e ->> 'cancel_at_period_end')::boolean, false),
          canceled_at = to_timestamp((e ->> 'canceled_at')::bigint), ended_at = to_timestamp((e ->> 'ended_at')::bigint),
          past_due_since = case when next_status <> 'past_due' then null
            when s.status = 'past_due' then s.past_due_since else created end,
          state_key = key
        where id = s.id returning * into s;
        if next_status in ('active', 'trialing') and not was_pro then
          perform private.enqueue_subscription_email(s.user_id, 'subscription_started', jsonb_build_object(
            'interval', coalesce(s.plan_interval, 'month'), 'periodEnd', to_char(s.current_period_end, 'YYYY-MM-DD')),
            'subscription_started:' || provider_name || ':' || s.provider_subscription_id);
        end if;
      end if;
      -- Cancellation emails come from the state this row holds now (so an old event sends nothing new).
      if s.status = 'canceled' then
        perform private.enqueue_subscription_email(s.user_id, 'subscription_cancelled', jsonb_build_object(
          'endsOn', to_char(coalesce(s.ended_at, s.canceled_at, created), 'YYYY-MM-DD'), 'ended', true),
          'subscription_cancelled:' || provider_name || ':' || s.provider_subscription_id || ':ended');
      elsif s.cancel_at_period_end and s.current_period_end is not null then
        perform private.enqueue_subscription_email(s.user_id, 'subscription_cancelled', jsonb_build_object(
          'endsOn', to_char(s.current_period_end, 'YYYY-MM-DD'), 'ended', false),
          'subscription_cancelled:' || provider_name || ':' || s.provider_subscription_id || ':'
            || extract(epoch from s.current_period_end)::bigint);
      end if;
    when 'invoice_paid' then
      if s.id is null then
        -- The subscription's own event has not arrived yet: undo the record, the provider delivers it again.
        delete from private.payment_webhook_events p where p.provider = provider_name and p.event_id = evt_id;
        return 'unattributed';
      end if;
      if (e ->> 'amount')::bigint > 0 then
        insert into public.payment_ledger (subscription_id, provider, kind, provider_object_id, amount_minor, currency,
          event_id, occurred_at)
        values (s.id, provider_name, 'charge', e ->> 'ref', (e ->> 'amount')::bigint, upper(e ->> 'currency'), evt_id,
          coalesce(to_timestamp((e ->> 'occurred_at')::bigint), created))
        on conflict do nothing;
        get diagnostics inserted = row_count;
        if inserted > 0 and e ->> 'billing_reason' = 'subscription_cycle' then
          perform private.enqueue_subscription_email(s.user_id, 'subscription_renewal', jsonb_build_object(
            'amountMinor', (e ->> 'amount')::bigint, 'currency', upper(e ->> 'currency'),
            'reference', e ->> 'invoice', 'periodEnd', to_char(to_timestamp((e ->> 'period_end')::bigint), 'YYYY-MM-DD')),
            'subscription_renewal:' || provider_name || ':' || (e ->> 'invoice'));
        end if;
      end if;
    when 'invoice_payment_failed' then
      if s.id is null then
        delete from private.payment_webhook_events p where p.provider = provider_name and p.event_id = evt_id;
        return 'unattributed';
      end if;
      perform private.enqueue_subscription_email(s.user_id, 'subscription_payment_failed', jsonb_build_object(
        'amountMinor', (e ->> 'amount')::bigint, 'currency', upper(e ->> 'currency'),
        'nextAttempt', to_char(to_timestamp((e ->> 'next_attempt')::bigint), 'YYYY-MM-DD')),
        'subscription_payment_failed:' || provider_name || ':' || evt_id);
    else
      raise exception 'unknown subscription effect %', e ->> 'kind' using errcode = '22023';
    end case;
  end loop;

  update private.payment_webhook_events p set result = 'applied' where p.provider = provider_name and p.event_id = evt_id;
  return 'applied';
end;
$$;
comment on function private.apply_subscription_event(text, jsonb) is 'Applies one provider-neutral subscription event exactly once; the newest state of a subscription wins.';

-- Refunds and disputes of a subscription payment: the ledger records them; a full refund or a lost dispute
-- revokes Pro for the period that payment bought (the subscription's period end when it is recorded).
create function private.apply_subscription_money(provider_name text, sub uuid, event jsonb)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  evt_id text := event ->> 'id';
  created timestamptz := to_timestamp((event ->> 'created')::bigint);
  e jsonb;
  s public.subscriptions;
  inserted integer;
  amt bigint;
  paid_ref text := event #>> '{refs,payment_intent}';
  charged bigint;
  refunded bigint;
  revoke_period boolean := false;
begin
  insert into private.payment_webhook_events (provider, event_id, event_type, event_created, result)
  values (provider_name, evt_id, event ->> 'type', created, 'applied')
  on conflict do nothing;
  get diagnostics inserted = row_count;
  if inserted = 0 then
    return 'duplicate';
  end if;
  select * into strict s from public.subscriptions where id = sub for update;
  for e in select * from jsonb_array_elements(coalesce(event -> 'effects', '[]'::jsonb)) loop
    amt := (e ->> 'amount')::bigint;
    case e ->> 'kind'
    when 'refund' then
      insert into public.payment_ledger (subscription_id, provider, kind, provider_object_id, amount_minor, currency, event_id, occurred_at, charge_ref)
      values (s.id, provider_name, 'refund', e ->> 'ref', -amt, upper(e ->> 'currency'), evt_id,
        coalesce(to_timestamp((e ->> 'occurred_at')::bigint), created), paid_ref)
      on conflict do nothing;
    when 'dispute_opened', 'dispute_closed' then
      insert into public.payment_ledger (subscription_id, provider, kind, provider_object_id, amount_minor, currency, event_id, occurred_at)
      values (s.id, provider_name, 'dispute', e ->> 'ref', -amt, upper(e ->> 'currency'), evt_id,
        coalesce(to_timestamp((e ->> 'occurred_at')::bigint), created))
      on conflict do nothing;
      if e ->> 'dispute_outcome' in ('won', 'lost') then
        insert into public.payment_ledger (subscription_id, provider, kind, provider_object_id, amount_minor, currency, event_id, occurred_at)
        values (s.id, provider_name, case when e ->> 'dispute_outcome' = 'won' then 'dispute_reversal' else 'dispute_lost' end::public.ledger_kind,
          e ->> 'ref', case when e ->> 'dispute_outcome' = 'won' then amt else 0 end, upper(e ->> 'currency'), evt_id,
          coalesce(to_timestamp((e ->> 'occurred_at')::bigint), created))
        on conflict do nothing;
        if e ->> 'dispute_outcome' = 'lost' then
          revoke_period := true;
        end if;
      end if;
    else
      null; -- payment_succeeded (the charge is already recorded from invoice.paid), link
    end case;
  end loop;
  -- Fully refunded charge?
  if paid_ref is not null then
    select coalesce(sum(l.amount_minor) filter (where l.kind = 'charge' and l.provider_object_id = paid_ref), 0),
           coalesce(-sum(l.amount_minor) filter (where l.kind = 'refund' and l.charge_ref = paid_ref), 0)
      into charged, refunded from public.payment_ledger l where l.subscription_id = s.id;
    if charged > 0 and refunded >= charged then
      revoke_period := true;
    end if;
  end if;
  if revoke_period and s.access_revoked_until is distinct from s.current_period_end then
    update public.subscriptions set access_revoked_until = current_period_end where id = s.id;
  end if;
  return 'applied';
end;
$$;
comment on function private.apply_subscription_money(text, uuid, jsonb) is 'Records refunds and disputes of a subscription payment; a full refund or lost dispute revokes Pro for its period.';

-- The webhook's single entry point: subscription events, money of subscription payments, or bookings.
create function private.apply_provider_event(provider_name text, event jsonb)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  sub uuid;
begin
  if exists (select 1 from jsonb_array_elements(coalesce(event -> 'effects', '[]'::jsonb)) e
    where e ->> 'kind' in ('subscription_state', 'invoice_paid', 'invoice_payment_failed')) then
    return private.apply_subscription_event(provider_name, event);
  end if;
  if event #>> '{refs,payment_intent}' is not null then
    select l.subscription_id into sub from public.payment_ledger l
      where l.provider = provider_name and l.kind = 'charge' and l.provider_object_id = event #>> '{refs,payment_intent}'
        and l.subscription_id is not null;
    if sub is not null then
      return private.apply_subscription_money(provider_name, sub, event);
    end if;
  end if;
  return private.apply_payment_event(provider_name, event);
end;
$$;
comment on function private.apply_provider_event(text, jsonb) is 'Webhook entry point: routes a neutral event to subscriptions, subscription money, or bookings.';

-- ============================================================================================
-- grants and RLS
-- ============================================================================================

alter table public.billing_customers enable row level security;
alter table public.subscriptions enable row level security;
revoke all on table public.billing_customers, public.subscriptions from anon, authenticated, service_role;
grant select on table public.billing_customers, public.subscriptions to authenticated, service_role;

create policy "Billing customers are viewable by their user and admins"
  on public.billing_customers for select to authenticated
  using (user_id = (select private.active_uid()) or (select private.is_admin()));
create policy "Subscriptions are viewable by their user and admins"
  on public.subscriptions for select to authenticated
  using (user_id = (select private.active_uid()) or (select private.is_admin()));

revoke all on function private.derived_tier(uuid), private.sync_tier(uuid), private.subscriptions_sync_tier(),
  private.guard_tier(), private.expire_subscription_grace(), private.remember_billing_customer(uuid, text, text),
  private.enqueue_subscription_email(uuid, text, jsonb, text), private.subscription_state_key(timestamptz, text),
  private.apply_subscription_event(text, jsonb), private.apply_subscription_money(text, uuid, jsonb),
  private.apply_provider_event(text, jsonb) from public;
