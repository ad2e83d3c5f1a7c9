-- Purging an account that booked and paid: the purge succeeds, the financial records stay without the user.
begin;
select plan(6);

select tests.create_user('payer@example.test') as payer \gset
select tests.create_user('bystander@example.test') as bystander \gset
insert into public.offers (id, title, destination, price_per_traveller_minor, currency, capacity)
values ('0ffe0000-0000-4000-8000-00000000aaaa', 'Purge test tour', 'Lisbon', 2500, 'EUR', 5);
select booking_id as booking from private.create_booking(:'payer', '0ffe0000-0000-4000-8000-00000000aaaa', 2) \gset
insert into public.payment_ledger (booking_id, provider, kind, provider_object_id, amount_minor, currency, event_id, occurred_at)
values (:'booking', 'stripe', 'charge', 'ch_purge_test', 5000, 'EUR', 'evt_purge_test', now());
select private.refresh_booking_status(:'booking', 'evt_purge_test', null, 'test');
select is((select status::text from public.bookings where id = :'booking'), 'paid', 'the booking is paid');

update public.profiles set deleted_at = now(), purge_after = now() - interval '1 second'
  where id in (:'payer', :'bystander');
select lives_ok($$select private.purge_deleted_accounts()$$, 'the purge runs for an account with a paid booking');
select is_empty(format('select 1 from auth.users where id in (%L, %L)', :'payer', :'bystander'),
  'both accounts due are purged');
select is((select user_id from public.bookings where id = :'booking'), null::uuid, 'the booking no longer names the user');
select is((select count(*)::int from public.payment_ledger where booking_id = :'booking'), 1, 'the ledger row stays');
select isnt_empty(format('select 1 from public.booking_status_history where booking_id = %L', :'booking'),
  'and the status history');

select * from finish();
rollback;
