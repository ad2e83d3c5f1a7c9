-- Webhook attribution: an event is applied to a booking only when it agrees with it.
-- private.apply_payment_event took the booking from the event's metadata / client_reference_id first and
-- then applied every effect to it, whatever provider objects and amount the event carried. A Checkout
-- Session's client_reference_id is set from the URL of a Stripe Payment Link, so anyone paying any amount
-- through any payment link of the account (or an operator's manual charge with copied metadata) could mark
-- someone's booking paid (and its refund/dispute rows could land on another booking). Now an event whose
-- payment intent or checkout session differs from the ones linked to the named booking (or that names a
-- Checkout Session for a booking paid with a PaymentIntent), or whose payment is not exactly the booking's
-- amount and currency, is recorded as ignored and changes nothing.
-- The function is otherwise unchanged (20261130001000_payments.sql).

create or replace function private.apply_payment_event(provider_name text, event jsonb)
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
          and ((x ->> 'amount')::bigint is distinct from b.amount_minor
            or upper(coalesce(x ->> 'currency', b.currency)) <> b.currency)) then
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
revoke all on function private.apply_payment_event(text, jsonb) from public;
