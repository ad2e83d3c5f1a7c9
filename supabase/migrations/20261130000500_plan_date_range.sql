-- Plan dates within a range every consumer can handle (issue 8, finding 7). Postgres accepts dates from
-- 4713 BC to 5874897 AD, but RFC 5545 (the plan calendar), JavaScript clients and email templates write
-- four-digit years: a public plan dated in year 10000 or BC made its calendar fail for every viewer.
-- 1900-01-01 .. 2199-12-31 covers any real trip (past trips included) with room to spare.
--
-- The constraints are added NOT VALID (enforced for every insert and update from now on) and validated
-- at once when no stored row breaks them; on a project that already holds such rows they stay NOT VALID
-- (the readers degrade gracefully on them), and `alter table ... validate constraint` can follow a cleanup.

alter table public.plans
  add constraint plans_dates_in_range
  check (start_date between date '1900-01-01' and date '2199-12-31'
    and end_date between date '1900-01-01' and date '2199-12-31') not valid;
comment on constraint plans_dates_in_range on public.plans is
  'Trip dates between 1900 and 2199: years every calendar, client and email template can write.';

alter table public.plan_days
  add constraint plan_days_date_in_range
  check (date between date '1900-01-01' and date '2199-12-31') not valid;
comment on constraint plan_days_date_in_range on public.plan_days is
  'Day dates between 1900 and 2199, like the plan''s.';

do $$
begin
  if not exists (select 1 from public.plans
      where not (start_date between date '1900-01-01' and date '2199-12-31'
        and end_date between date '1900-01-01' and date '2199-12-31')) then
    alter table public.plans validate constraint plans_dates_in_range;
  end if;
  if not exists (select 1 from public.plan_days where not (date between date '1900-01-01' and date '2199-12-31')) then
    alter table public.plan_days validate constraint plan_days_date_in_range;
  end if;
end;
$$;
