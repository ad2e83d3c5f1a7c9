-- Users never learn which admin did something (the activity log's rule): an offer's author and the actor
-- of a booking's status change (the refunding admin) were readable by everyone who could read the row.
-- Column grants keep them out of reach; an admin's export of what they published goes through a function.

-- ============================================================================================
-- grants
-- ============================================================================================

revoke select on table public.offers from anon, authenticated;
grant select (id, title, description, destination, price_per_traveller_minor, currency, capacity, seats_taken,
  active, available_from, available_until, created_at, updated_at) on table public.offers to anon, authenticated;

revoke select on table public.booking_status_history from authenticated;
grant select (id, booking_id, from_status, to_status, cause_event_id, cause, created_at)
  on table public.booking_status_history to authenticated;

-- ============================================================================================
-- helpers and API functions
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
