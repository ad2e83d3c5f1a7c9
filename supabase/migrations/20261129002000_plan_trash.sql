-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.plan_trash_interval()
returns interval
language sql
stable
security invoker
set search_path = ''
as $$
  select make_interval(days => greatest(private.setting_int('plan_trash_days'), 1))
$$;

-- SECURITY DEFINER: the plans SELECT policy hides deleted rows from everyone, owner included.
create function private.list_trashed_plans()
returns table (
  id uuid, title text, destination text, start_date date, end_date date, deleted_at timestamptz,
  purge_after timestamptz
)
language sql
stable
security definer
set search_path = ''
as $$
  select p.id, p.title, p.destination, p.start_date, p.end_date, p.deleted_at,
    p.deleted_at + private.plan_trash_interval()
  from public.plans p
  where p.user_id = (select private.active_uid())
    and p.deleted_at is not null
    and p.deleted_at > now() - private.plan_trash_interval()
  order by p.deleted_at desc, p.id
$$;

-- Restores one of the caller's trashed plans (as private). 404 when the plan is not in the
-- caller's trash: another user's, never deleted, or past the retention period.
create function private.restore_plan(target_plan_id uuid)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := private.active_uid();
begin
  if uid is null then
    raise exception 'sign in to restore plans' using errcode = '42501';
  end if;
  update public.plans p set deleted_at = null
  where p.id = target_plan_id and p.user_id = uid and p.deleted_at is not null
    and p.deleted_at > now() - private.plan_trash_interval();
  if not found then
    raise exception 'plan not found in the trash' using errcode = 'PT404';
  end if;
  perform private.log_activity(uid, 'plan.restored', 'plan', target_plan_id::text);
  return target_plan_id;
end;
$$;

grant execute on function private.list_trashed_plans(), private.restore_plan(uuid) to authenticated;

-- Deletes trashed plans past the retention period, with their days, items, shares and views (cascade).
-- Plans of an account whose deletion is pending are left to the account purge (a cancelled deletion
-- brings them back). Runs daily by pg_cron as postgres. Returns how many plans went.
create function private.purge_trashed_plans()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  purged integer;
begin
  perform set_config('private.plan_trash_purge', 'on', true);
  delete from public.plans p
  where p.deleted_at is not null
    and p.deleted_at <= now() - private.plan_trash_interval()
    and not exists (select 1 from public.profiles pr where pr.id = p.user_id and pr.deleted_at is not null);
  get diagnostics purged = row_count;
  perform set_config('private.plan_trash_purge', 'off', true);
  if purged > 0 then
    perform private.log_activity(null, 'plan.trash_purged', 'plan', null, jsonb_build_object('count', purged));
  end if;
  return purged;
end;
$$;
comment on function private.purge_trashed_plans() is 'Deletes plans that have been in the trash longer than plan_trash_days (pg_cron, daily).';

select cron.schedule('purge-trashed-plans', '53 2 * * *', 'select private.purge_trashed_plans()');

-- ============================================================================================
-- API functions
-- ============================================================================================

create function public.list_trashed_plans()
returns table (
  id uuid, title text, destination text, start_date date, end_date date, deleted_at timestamptz,
  purge_after timestamptz
)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.list_trashed_plans()
$$;
comment on function public.list_trashed_plans() is 'The caller''s deleted plans still in the trash, newest deletion first, with the date each is purged.';

create function public.restore_plan(plan_id uuid)
returns uuid
language sql
volatile
security invoker
set search_path = ''
as $$
  select private.restore_plan(plan_id)
$$;
comment on function public.restore_plan(uuid) is 'Restores one of the caller''s trashed plans (as private); 404 if it is not in the caller''s trash.';

revoke execute on function public.list_trashed_plans(), public.restore_plan(uuid) from public;
grant execute on function public.list_trashed_plans(), public.restore_plan(uuid) to authenticated;
