-- A purged account's bookings stay, without the user. The ledger and the status history are financial
-- records, append-only by design (and kept for years by bookkeeping rules); a cascade from auth.users
-- into them was refused by their append-only triggers, which made the account purge fail for every user
-- who ever booked (and, the purge deleting all due accounts in one statement, for everyone due with them).
-- The booking keeps the offer, amounts and statuses; nothing in it names the person once user_id is null.

alter table public.bookings alter column user_id drop not null;
alter table public.bookings drop constraint bookings_user_id_fkey;
alter table public.bookings add constraint bookings_user_id_fkey
  foreign key (user_id) references auth.users (id) on delete set null;
comment on column public.bookings.user_id is 'The booking user; null once their account is purged (the booking and its ledger stay as financial records).';
