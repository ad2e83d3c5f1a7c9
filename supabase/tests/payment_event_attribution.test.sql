-- Webhook attribution (migration 20261129001900_payments.sql): an event names a booking through metadata or a Checkout Session's
-- client_reference_id (set from a Payment Link's URL by whoever opens it). It is applied only when its
-- provider objects, amount and currency agree with that booking; otherwise it is recorded as ignored.
begin;
select plan(18);

select tests.create_user('attr-victim@example.test') as victim \gset
insert into public.offers (id, title, destination, price_per_traveller_minor, currency, capacity)
values ('00000000-0000-4000-8000-0000000006a1', 'Douro cruise', 'Porto', 12000, 'EUR', 10);

select booking_id as bk_cs from private.create_booking(:'victim', '00000000-0000-4000-8000-0000000006a1', 1) \gset
select private.attach_booking_payment(:'bk_cs', 'checkout', 'cs_victim', null, now() + interval '30 minutes');
select booking_id as bk_pi from private.create_booking(:'victim', '00000000-0000-4000-8000-0000000006a1', 1) \gset
select private.attach_booking_payment(:'bk_pi', 'payment_intent', null, 'pi_victim', null);
select booking_id as bk_bare from private.create_booking(:'victim', '00000000-0000-4000-8000-0000000006a1', 1) \gset

-- A Payment Link's session (someone else's checkout, 1 euro) naming the victim's booking.
select is(private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_attr_1', 'type', 'checkout.session.completed',
  'created', extract(epoch from now())::bigint,
  'refs', jsonb_build_object('booking_id', :'bk_cs', 'checkout_session', 'cs_attacker', 'payment_intent', 'pi_attacker'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'payment_succeeded', 'ref', 'pi_attacker', 'amount', 100, 'currency', 'eur')))),
  'ignored', 'a checkout session other than the booking''s is not applied');
select is((select status::text || ' ' || coalesce(provider_payment_intent_id, '-') from public.bookings where id = :'bk_cs'),
  'pending -', 'the booking stays pending and is not linked to the foreign payment intent');
select is((select result from private.payment_webhook_events where event_id = 'evt_attr_1'), 'ignored',
  'the event is recorded as ignored (a redelivery is a no-op)');

-- The same session id, but the full amount paid: still a payment of another session.
select is(private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_attr_2', 'type', 'payment_intent.succeeded',
  'created', extract(epoch from now())::bigint,
  'refs', jsonb_build_object('booking_id', :'bk_pi', 'payment_intent', 'pi_other'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'payment_succeeded', 'ref', 'pi_other', 'amount', 12000, 'currency', 'eur')))),
  'ignored', 'a payment intent other than the booking''s is not applied, even for the full amount');
select is((select status::text from public.bookings where id = :'bk_pi'), 'pending', 'that booking stays pending');

-- An expired Payment Link session (no payment intent yet) naming a booking paid with a PaymentIntent.
select is(private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_attr_2b', 'type', 'checkout.session.expired',
  'created', extract(epoch from now())::bigint,
  'refs', jsonb_build_object('booking_id', :'bk_pi', 'checkout_session', 'cs_attacker_2'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'attempt_ended', 'outcome', 'expired')))),
  'ignored', 'a checkout session cannot end a booking paid with a PaymentIntent');
select is((select status::text || ' ' || seats_held from public.bookings where id = :'bk_pi'), 'pending true',
  'it stays pending and keeps its seats');

-- A refund of another payment that names the booking in its metadata.
select is(private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_attr_3', 'type', 'refund.created',
  'created', extract(epoch from now())::bigint,
  'refs', jsonb_build_object('booking_id', :'bk_pi', 'payment_intent', 'pi_other'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'refund', 'ref', 're_other', 'amount', 500, 'currency', 'eur')))),
  'ignored', 'a refund of another payment is not recorded on the booking');

-- A booking with no linked object yet: a payment of less than its amount, or in another currency.
select is(private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_attr_4', 'type', 'payment_intent.succeeded',
  'created', extract(epoch from now())::bigint,
  'refs', jsonb_build_object('booking_id', :'bk_bare', 'payment_intent', 'pi_cheap'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'payment_succeeded', 'ref', 'pi_cheap', 'amount', 50, 'currency', 'eur')))),
  'ignored', 'a payment of less than the booking''s amount does not pay it');
select is(private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_attr_5', 'type', 'payment_intent.succeeded',
  'created', extract(epoch from now())::bigint,
  'refs', jsonb_build_object('booking_id', :'bk_bare', 'payment_intent', 'pi_yen'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'payment_succeeded', 'ref', 'pi_yen', 'amount', 12000, 'currency', 'jpy')))),
  'ignored', 'nor does the same number in another currency');
select is((select count(*)::int from public.payment_ledger where booking_id in (:'bk_cs', :'bk_pi', :'bk_bare')), 0,
  'no ledger row was written for any of them');
select is((select count(*)::int from public.email_outbox where user_id = :'victim'
  and template in ('booking_confirmation', 'payment_receipt', 'refund')), 0, 'and no payment email was queued');

-- The booking's own objects and amount still apply.
select is(private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_attr_6', 'type', 'checkout.session.completed',
  'created', extract(epoch from now())::bigint,
  'refs', jsonb_build_object('booking_id', :'bk_cs', 'checkout_session', 'cs_victim', 'payment_intent', 'pi_victim_cs'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'payment_succeeded', 'ref', 'pi_victim_cs', 'amount', 12000, 'currency', 'eur')))),
  'applied', 'the booking''s own session paying its amount applies');
select is((select status::text || ' ' || provider_payment_intent_id from public.bookings where id = :'bk_cs'),
  'paid pi_victim_cs', 'and pays and links it');
select is(private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_attr_7', 'type', 'payment_intent.succeeded',
  'created', extract(epoch from now())::bigint,
  'refs', jsonb_build_object('booking_id', :'bk_bare', 'payment_intent', 'pi_bare'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'payment_succeeded', 'ref', 'pi_bare', 'amount', 12000, 'currency', 'eur')))),
  'applied', 'an unlinked booking paid in full by its own payment applies (the payment arrived before the link)');
select is(private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_attr_8', 'type', 'refund.created',
  'created', extract(epoch from now())::bigint,
  'refs', jsonb_build_object('booking_id', :'bk_bare', 'payment_intent', 'pi_bare'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'refund', 'ref', 're_bare', 'amount', 2000, 'currency', 'eur')))),
  'applied', 'a partial refund of the booking''s own payment applies');

-- A refund in another currency than the booking's: ignored and recorded, not an error Stripe retries for days.
select lives_ok(format($$select private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_attr_cur',
  'type', 'charge.refunded', 'created', extract(epoch from now())::bigint,
  'refs', jsonb_build_object('booking_id', %L, 'payment_intent', 'pi_victim'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'refund', 'ref', 're_cur', 'amount', 500, 'currency', 'usd'))))$$,
  :'bk_pi'), 'a refund in another currency is no error');
select is((select result from private.payment_webhook_events where event_id = 'evt_attr_cur'), 'ignored',
  'it is recorded as ignored, with no ledger row');

select * from finish();
rollback;
