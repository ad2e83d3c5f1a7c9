-- Users never learn which admin published an offer or changed their booking's status.
begin;
select plan(7);

select tests.create_user('actor-admin@example.test') as adm \gset
select tests.create_user('actor-user@example.test') as usr \gset
update public.profiles set role = 'admin' where id = :'adm';

select tests.authenticate_as(:'adm', '{"user_role": "admin"}');
insert into public.offers (title, destination, price_per_traveller_minor, currency, capacity)
values ('Actor test tour', 'Porto', 1500, 'EUR', 4) returning id as offer \gset
select results_eq($$select title from public.my_published_offers()$$, $$values ('Actor test tour')$$,
  'the admin lists the offers they published (with created_by, their own id)');
select is((select created_by from public.my_published_offers()), :'adm'::uuid, 'created_by is the caller');

select tests.authenticate_as(:'usr');
select throws_ok($$select created_by from public.offers$$, '42501', null, 'a user cannot read an offer''s author');
select lives_ok($$select id, title, price_per_traveller_minor from public.offers$$, 'but reads the offer');
select is_empty($$select * from public.my_published_offers()$$, 'and has published nothing');

select tests.authenticate_as_anon();
select throws_ok($$select created_by from public.offers$$, '42501', null, 'anon cannot read an offer''s author');

select tests.clear_authentication();
select booking_id as booking from private.create_booking(:'usr', :'offer', 1) \gset
select tests.authenticate_as(:'usr');
select throws_ok($$select cause_actor from public.booking_status_history$$, '42501', null,
  'the booking owner cannot read who changed its status');

select * from finish();
rollback;
