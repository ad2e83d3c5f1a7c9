-- A retried booking request (same request key) sent while the first one was still running failed with a
-- unique violation on (user_id, request_key), answered as a 500: both passed the "key already used?" check
-- before either had committed (a double submit, or a client retrying after a timeout). The check now runs
-- under a transaction advisory lock per (user, key), so the second request waits for the first and returns
-- its booking (created = false). Otherwise unchanged (20261130001000_payments.sql).

create or replace function private.create_booking(
  target_user uuid, offer uuid, traveller_count integer, plan uuid default null, plan_item uuid default null,
  retry_key text default null
)
returns table (booking_id uuid, created boolean, error_code text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  o public.offers;
  existing uuid;
  new_id uuid;
  total bigint;
  min_amount bigint;
begin
  if not exists (select 1 from public.profiles p
    where p.id = target_user and p.deleted_at is null and p.suspended_at is null) then
    raise exception 'account is not active' using errcode = '42501';
  end if;
  if traveller_count is null or traveller_count not between 1 and 50 then
    raise exception 'travellers must be between 1 and 50' using errcode = '22023';
  end if;
  if retry_key is not null then
    -- One request per (user, key) at a time: a second one waits here until the first commits, then
    -- finds its booking (read committed: the next statement sees it) instead of failing on the unique key.
    perform pg_advisory_xact_lock(hashtextextended('create_booking:' || target_user::text || ':' || retry_key, 0));
    select b.id into existing from public.bookings b where b.user_id = target_user and b.request_key = retry_key;
    if existing is not null then
      return query select existing, false, null::text;
      return;
    end if;
  end if;
  -- Every booking holds seats until paid or expired: a per-user rate limit keeps one account from
  -- holding an offer's capacity hostage.
  if private.hit_rate_limit(target_user, 'create_booking',
      coalesce(private.setting_int('booking_rate_per_minute'), 10), 60) > 0 then
    return query select null::uuid, false, 'rate_limited'::text;
    return;
  end if;
  if plan is not null and not exists (select 1 from public.plans p
      where p.id = plan and p.user_id = target_user and p.deleted_at is null) then
    return query select null::uuid, false, 'plan_not_found'::text;
    return;
  end if;
  if plan_item is not null and not exists (select 1 from public.plan_items i join public.plans p on p.id = i.plan_id
      where i.id = plan_item and p.user_id = target_user and p.deleted_at is null
        and (plan is null or p.id = plan)) then
    return query select null::uuid, false, 'plan_not_found'::text;
    return;
  end if;

  select * into o from public.offers where id = offer;
  if not found then
    return query select null::uuid, false, 'offer_not_found'::text;
    return;
  end if;
  if not o.active or (o.available_from is not null and o.available_from > now())
      or (o.available_until is not null and o.available_until <= now()) then
    return query select null::uuid, false, 'offer_unavailable'::text;
    return;
  end if;
  total := o.price_per_traveller_minor * traveller_count;
  select c.min_amount_minor into min_amount from public.currencies c where c.code = o.currency;
  if total > 99999999 or total < min_amount then
    return query select null::uuid, false, 'amount_out_of_range'::text;
    return;
  end if;

  update public.offers set seats_taken = seats_taken + traveller_count
    where id = offer and (capacity is null or seats_taken + traveller_count <= capacity);
  if not found then
    return query select null::uuid, false, 'sold_out'::text;
    return;
  end if;

  insert into public.bookings (user_id, offer_id, plan_id, plan_item_id, travellers, unit_amount_minor, amount_minor,
    currency, hold_expires_at, request_key)
  values (target_user, offer, plan, plan_item, traveller_count, o.price_per_traveller_minor, total, o.currency,
    now() + make_interval(mins => coalesce(private.setting_int('booking_hold_minutes'), 35)), retry_key)
  returning id into new_id;
  insert into public.booking_status_history (booking_id, from_status, to_status, cause_actor, cause)
  values (new_id, null, 'pending', target_user, 'booked');
  return query select new_id, true, null::text;
end;
$$;
comment on function private.create_booking(uuid, uuid, integer, uuid, uuid, text) is 'Holds seats and creates a pending booking (amount from the offer); refuses sold out, unavailable, foreign plans; one request per (user, request key) at a time.';
revoke all on function private.create_booking(uuid, uuid, integer, uuid, uuid, text) from public;
