-- The platform shape works the way PostgREST uses it: under role authenticated with request.jwt.claims,
-- auth.uid()/auth.jwt() return the caller and RLS shows only the caller's rows.
begin;
select plan(8);

select tests.create_user('iso-a@example.test') as a \gset
select tests.create_user('iso-b@example.test') as b \gset

select tests.authenticate_as(:'a');
select is(auth.uid(), :'a'::uuid, 'auth.uid() is the sub claim');
select is(auth.role(), 'authenticated', 'auth.role() is the role claim');
select is(auth.email(), 'iso-a@example.test', 'auth.email() is the email claim');
select is(auth.jwt() ->> 'aal', 'aal1', 'auth.jwt() carries the full claims');
select is(current_user::text, 'authenticated', 'the transaction runs as authenticated');
select results_eq(
  'select id from public.profiles',
  format('values (%L::uuid)', :'a'),
  'a user sees only their own profile row'
);

select tests.authenticate_as(:'b');
select results_eq(
  'select id from public.profiles',
  format('values (%L::uuid)', :'b'),
  'another user sees only theirs'
);

select tests.clear_authentication();
select is(auth.uid(), null, 'without claims auth.uid() is null');

select * from finish();
rollback;
