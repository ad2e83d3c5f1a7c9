-- Payments: RLS matrix for currencies, offers, bookings, ledger and history (anon, owner, other user, admin,
-- service role), escalation attempts, status derived from the ledger, holds, append-only tables.
begin;
select plan(62);

select tests.create_user('pay-owner@example.test', '{"display_name": "Olga Owner"}') as owner \gset
select tests.create_user('pay-other@example.test') as other \gset
select tests.create_user('pay-admin@example.test') as adm \gset
update public.profiles set role = 'admin' where id = :'adm';

insert into public.offers (id, title, destination, price_per_traveller_minor, currency, capacity)
values ('00000000-0000-4000-8000-0000000000a1', 'Tagus sailing', 'Lisbon', 4500, 'EUR', 5),
       ('00000000-0000-4000-8000-0000000000a2', 'Tea ceremony', 'Kyoto', 3000, 'JPY', null);
insert into public.offers (id, title, destination, price_per_traveller_minor, currency, active)
values ('00000000-0000-4000-8000-0000000000a3', 'Hidden draft', 'Oslo', 1000, 'EUR', false);

select booking_id as bk from private.create_booking(:'owner', '00000000-0000-4000-8000-0000000000a1', 2) \gset
select booking_id as bk_other from private.create_booking(:'other', '00000000-0000-4000-8000-0000000000a2', 3) \gset

-- Booking and amounts --------------------------------------------------------------------------------------
select is((select amount_minor from public.bookings where id = :'bk'), 9000::bigint, 'the amount is computed from the offer');
select is((select amount_minor || ' ' || currency from public.bookings where id = :'bk_other'), '9000 JPY',
  'JPY has no minor unit: 3 x 3000 yen');
select is((select seats_taken from public.offers where id = '00000000-0000-4000-8000-0000000000a1'), 2, 'seats are held');
select is((select error_code from private.create_booking(:'owner', '00000000-0000-4000-8000-0000000000a1', 4)), 'sold_out',
  'more seats than left is sold out');
select is((select error_code from private.create_booking(:'owner', '00000000-0000-4000-8000-0000000000a3', 1)), 'offer_unavailable',
  'an inactive offer cannot be booked');
select throws_ok(format($$select * from private.create_booking(%L, '00000000-0000-4000-8000-0000000000a1', 0)$$, :'owner'),
  '22023', null, 'zero travellers are refused');
select throws_ok($$insert into public.offers (title, destination, price_per_traveller_minor, currency) values ('x', 'y', 100, 'XXX')$$,
  '23503', null, 'an unknown currency is refused by the database');
select throws_ok($$insert into public.offers (title, destination, price_per_traveller_minor, currency) values ('x', 'y', 0, 'EUR')$$,
  '23514', null, 'a zero price is refused by the database');
select is((select history.to_status::text from public.booking_status_history history where booking_id = :'bk'), 'pending',
  'booking creation is in the history');

-- The payment arrives: the status is derived from the ledger --------------------------------------------------
select is(private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_pay_1', 'type', 'payment_intent.succeeded',
  'created', extract(epoch from now())::bigint, 'refs', jsonb_build_object('booking_id', :'bk', 'payment_intent', 'pi_1'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'payment_succeeded', 'ref', 'pi_1', 'amount', 9000, 'currency', 'eur')))),
  'applied', 'a payment event applies');
select is(private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_pay_1', 'type', 'payment_intent.succeeded',
  'created', extract(epoch from now())::bigint, 'refs', jsonb_build_object('booking_id', :'bk', 'payment_intent', 'pi_1'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'payment_succeeded', 'ref', 'pi_1', 'amount', 9000, 'currency', 'eur')))),
  'duplicate', 'the same event again is a duplicate');
select is((select status::text from public.bookings where id = :'bk'), 'paid', 'the booking is paid');
select is((select count(*)::int from public.payment_ledger where booking_id = :'bk'), 1, 'one ledger row');
select is((select count(*)::int from public.email_outbox where user_id = :'owner' and template in ('booking_confirmation', 'payment_receipt')),
  2, 'confirmation and receipt are queued once');
select is(private.apply_payment_event('stripe', jsonb_build_object('id', 'evt_unknown', 'type', 'customer.created',
  'created', extract(epoch from now())::bigint, 'effects', '[]'::jsonb)), 'ignored', 'an unknown type is ignored');
select is((select result from private.payment_webhook_events where event_id = 'evt_unknown'), 'ignored', 'and recorded as ignored');

-- RLS: anon ------------------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select is((select count(*)::int from public.offers where id in ('00000000-0000-4000-8000-0000000000a1',
  '00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000a3')), 2, 'anon sees active offers only');
select ok((select count(*) from public.currencies where code = 'JPY' and exponent = 0) = 1, 'anon reads currencies');
select throws_ok('select * from public.bookings', '42501', null, 'anon cannot read bookings');
select throws_ok('select * from public.payment_ledger', '42501', null, 'anon cannot read the ledger');
select throws_ok('select * from public.booking_status_history', '42501', null, 'anon cannot read the history');
select throws_ok($$insert into public.offers (title, destination, price_per_traveller_minor, currency) values ('x', 'y', 100, 'EUR')$$,
  '42501', null, 'anon cannot create offers');
select throws_ok('select * from private.payment_webhook_events', '42501', null, 'anon cannot read processed events');

-- RLS: owner -----------------------------------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select is((select count(*)::int from public.bookings), 1, 'the owner sees their booking only');
select is((select count(*)::int from public.payment_ledger), 1, 'and its ledger row');
select is((select count(*)::int from public.booking_status_history), 2, 'and its history');
select is((select count(*)::int from public.offers where id = '00000000-0000-4000-8000-0000000000a3'), 0,
  'a user does not see an inactive offer');
-- Escalation attempts
select throws_ok(format($$update public.bookings set status = 'paid' where id = %L$$, :'bk_other'), '42501', null,
  'a user cannot mark a booking paid');
select throws_ok(format($$update public.bookings set amount_minor = 1 where id = %L$$, :'bk'), '42501', null,
  'a user cannot change a booking''s amount');
select throws_ok(format($$insert into public.bookings (user_id, offer_id, travellers, unit_amount_minor, amount_minor, currency, hold_expires_at)
  values (%L, '00000000-0000-4000-8000-0000000000a1', 1, 1, 1, 'EUR', now())$$, :'owner'), '42501', null,
  'a user cannot book at another price');
select throws_ok(format($$insert into public.payment_ledger (booking_id, provider, kind, provider_object_id, amount_minor, currency, occurred_at)
  values (%L, 'stripe', 'charge', 'pi_forged', 9000, 'EUR', now())$$, :'bk'), '42501', null, 'a user cannot write the ledger');
select throws_ok(format($$insert into public.booking_status_history (booking_id, to_status, cause) values (%L, 'paid', 'me')$$, :'bk'),
  '42501', null, 'a user cannot write the history');
select throws_ok(format($$delete from public.booking_status_history where booking_id = %L$$, :'bk'), '42501', null,
  'a user cannot delete the history');
select is_empty($$update public.offers set price_per_traveller_minor = 1 where id = '00000000-0000-4000-8000-0000000000a1' returning id$$,
  'a user cannot change an offer''s price (RLS: no row to update)');
select is_empty($$update public.offers set title = 'mine' where id = '00000000-0000-4000-8000-0000000000a1' returning id$$,
  'a user''s update of an offer touches nothing');
select throws_ok($$insert into public.offers (title, destination, price_per_traveller_minor, currency) values ('x', 'y', 100, 'EUR')$$,
  '42501', null, 'a user cannot create offers');
select throws_ok($$update public.offers set seats_taken = 0$$, '42501', null, 'a user cannot release seats');
select throws_ok(format($$select private.apply_payment_event('stripe', '{}'::jsonb)$$), '42501', null,
  'a user cannot apply payment events');
select throws_ok(format($$select * from private.create_booking(%L, '00000000-0000-4000-8000-0000000000a1', 1)$$, :'owner'),
  '42501', null, 'a user cannot call the booking function directly');
select throws_ok(format($$select private.cancel_booking(%L, %L)$$, :'owner', :'bk'), '42501', null,
  'nor cancel through SQL');

-- RLS: other user --------------------------------------------------------------------------------------------------
select tests.authenticate_as(:'other');
select is((select count(*)::int from public.bookings where id = :'bk'), 0, 'another user does not see the booking');
select is((select count(*)::int from public.payment_ledger), 0, 'nor its ledger');
select is((select count(*)::int from public.booking_status_history where booking_id = :'bk'), 0, 'nor its history');
select is((select count(*)::int from public.bookings), 1, 'they see their own booking');
select tests.authenticate_as(:'other', '{"user_role": "admin"}');
select is((select count(*)::int from public.bookings where id = :'bk'), 0, 'a forged admin claim sees nothing more');

-- RLS: admin ------------------------------------------------------------------------------------------------------
select tests.authenticate_as(:'adm', '{"user_role": "admin"}');
select is((select count(*)::int from public.bookings where id in (:'bk', :'bk_other')), 2, 'an admin reads every booking');
select is((select count(*)::int from public.payment_ledger where booking_id = :'bk'), 1, 'and the ledger');
select is((select count(*)::int from public.offers where id = '00000000-0000-4000-8000-0000000000a3'), 1, 'and inactive offers');
select lives_ok($$insert into public.offers (title, destination, price_per_traveller_minor, currency, capacity) values ('New', 'Porto', 2500, 'EUR', 10)$$,
  'an admin creates an offer');
select is((select created_by from public.my_published_offers() where title = 'New'), :'adm'::uuid, 'recorded as its creator');
select lives_ok($$update public.offers set price_per_traveller_minor = 2600 where title = 'New'$$, 'an admin updates an offer');
select throws_ok($$update public.offers set seats_taken = 0$$, '42501', null, 'not even an admin releases seats by hand');
select throws_ok(format($$update public.bookings set status = 'refunded' where id = %L$$, :'bk'), '42501', null,
  'an admin cannot set a status by hand');
select throws_ok(format($$insert into public.payment_ledger (booking_id, provider, kind, provider_object_id, amount_minor, currency, occurred_at)
  values (%L, 'stripe', 'refund', 're_x', -9000, 'EUR', now())$$, :'bk'), '42501', null, 'an admin cannot write the ledger');

-- Service role ----------------------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.bookings where id in (:'bk', :'bk_other')), 2, 'the service role reads bookings');
select throws_ok(format($$update public.bookings set status = 'paid' where id = %L$$, :'bk_other'), '42501', null,
  'the service role cannot set a status');
select throws_ok(format($$delete from public.payment_ledger where booking_id = %L$$, :'bk'), '42501', null,
  'the service role cannot delete ledger rows');
select throws_ok(format($$update public.booking_status_history set cause = 'x' where booking_id = %L$$, :'bk'), '42501', null,
  'the service role cannot rewrite history');

-- Append-only even for the owner of the tables --------------------------------------------------------------------
select tests.clear_authentication();
select throws_ok(format($$delete from public.payment_ledger where booking_id = %L$$, :'bk'), '42501', 'payment_ledger is append-only',
  'the ledger is append-only for postgres too');
select throws_ok(format($$update public.booking_status_history set cause = 'x' where booking_id = %L$$, :'bk'), '42501',
  'booking_status_history is append-only', 'and the history');

-- A released hold is released once ----------------------------------------------------------------------------------
select private.cancel_booking(:'other', :'bk_other');
select is((select status::text from public.bookings where id = :'bk_other'), 'cancelled', 'the other user''s booking is cancelled');
select private.expire_stale_bookings();
select private.set_booking_outcome(:'bk_other', 'expired', private.outcome_order_key(now() + interval '1 hour', 'expired', 'x'), null, null, 'test');
select is((select seats_taken from public.offers where id = '00000000-0000-4000-8000-0000000000a2'), 0,
  'cancelled then expired: the seats are released once');

select * from finish();
rollback;
