-- Demo data for local development. Runs after the migrations (`supabase db reset`, `supabase start`, and
-- the local stack), as postgres.
--
-- Three demo users who can sign in on a real Supabase stack (email + password, already confirmed):
--   ada@tripmaster.test    / TripMaster-demo-1
--   ben@tripmaster.test    / TripMaster-demo-1
--   admin@tripmaster.test  / TripMaster-demo-1
-- GoTrue scans several token columns as plain strings, so they are '' rather than NULL.

insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at, last_sign_in_at,
  confirmation_token, recovery_token, email_change_token_new, email_change, email_change_token_current,
  phone_change, phone_change_token, reauthentication_token
)
select
  '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email,
  extensions.crypt('TripMaster-demo-1', extensions.gen_salt('bf', 10)), now(),
  '{"provider": "email", "providers": ["email"]}'::jsonb,
  jsonb_build_object('display_name', u.display_name), now(), now(), null,
  '', '', '', '', '', '', '', ''
from (values
  ('a1a1a1a1-0000-4000-8000-000000000001'::uuid, 'ada@tripmaster.test', 'Ada Lovelace'),
  ('b2b2b2b2-0000-4000-8000-000000000002'::uuid, 'ben@tripmaster.test', 'Ben Okafor'),
  ('adadadad-0000-4000-8000-0000000000ad'::uuid, 'admin@tripmaster.test', 'Admin')
) as u (id, email, display_name)
on conflict (id) do nothing;

-- The email identity GoTrue looks up on password sign-in.
insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id,
  jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
  'email', now(), now(), now()
from auth.users as u
where u.email like '%@tripmaster.test'
on conflict (provider_id, provider) do nothing;

-- The demo admin is an admin: the custom access token hook reads the role from the profile (the user_role
-- claim), and admin powers need it in both the token and the profile.
update public.profiles set role = 'admin' where id = 'adadadad-0000-4000-8000-0000000000ad';

-- Bookable offers for trying payments locally (npm run stack: pay on the Stripe double's Checkout page).
insert into public.offers (id, title, description, destination, price_per_traveller_minor, currency, capacity)
values
  ('0ffe0000-0000-4000-8000-000000000001', 'Sunset sailing on the Tagus', 'Two hours on a classic sailboat.', 'Lisbon', 4500, 'EUR', 12),
  ('0ffe0000-0000-4000-8000-000000000002', 'Tea ceremony in Gion', 'An hour with a tea master.', 'Kyoto', 6000, 'JPY', 8)
on conflict (id) do nothing;
