-- The rule for content of suspended and deleted accounts, on every read path:
--
--   A plan whose owner's account is suspended or deleted is served to nobody through the API: not to
--   anon, not to other users, not to admins' tokens, not to the owner (whose token maps to no active
--   account), whatever the plan's visibility or share links. Only the service role (support tooling, which
--   bypasses RLS) reads it. Unsuspending an account serves its public plans and valid share links again.
--
-- Paths: the plans select policy (and through it plan_days, plan_items and plan_view_counts, whose
-- policies ask for the plan), share tokens (private.plan_id_for_share_token, behind get_shared_plan and
-- record_plan_view), public_feed, record_plan_view and my_plan_stats (see the view-counting migration);
-- the plan-calendar function reads only through these.
--
-- How: plans.owner_active mirrors "the owner's profile is neither suspended nor deleted", kept by triggers
-- in the same transaction as the change of the account state. A column rather than a lookup of profiles
-- in the policy: the policy stays a plain filter on the plan row (a function call or a join per row would
-- be paid for every day and item read through the plan_days / plan_items policies; see benchmarks/rls).

alter table public.plans add column owner_active boolean not null default true;
comment on column public.plans.owner_active is 'False while the owner''s account is suspended or deleted: the plan is then served to nobody (maintained by triggers; nobody sets it).';

-- owner_active is always computed, never taken from the writer: on insert, on a change of owner, and on
-- any write that names the column (the sync below, or a service-role update trying to set it).
-- SECURITY DEFINER: it runs for whoever writes a plan (a user, the service role, definer code) and reads
-- the owner's profile, which is otherwise readable only by its owner.
create function private.plans_set_owner_active()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.owner_active := coalesce((select pr.deleted_at is null and pr.suspended_at is null
    from public.profiles pr where pr.id = new.user_id), false);
  return new;
end;
$$;

-- Named to sort before set_updated_at: BEFORE triggers fire in name order, and set_updated_at's WHEN
-- looks at the value this one computed.
create trigger plans_owner_active before insert or update of user_id, owner_active on public.plans
  for each row execute function private.plans_set_owner_active();

-- A change of account state is not an edit of the plans: their updated_at stays.
drop trigger set_updated_at on public.plans;
create trigger set_updated_at before update on public.plans
  for each row when (old.owner_active is not distinct from new.owner_active)
  execute function private.set_updated_at();

-- Suspension, unsuspension, deletion: the plans follow in the same transaction. SECURITY DEFINER: the
-- state changes come from definer code (admin_set_suspended, request_account_deletion) or the service
-- role, and the plans must follow whoever made them.
create function private.profiles_sync_plans_owner_active()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  active boolean := new.deleted_at is null and new.suspended_at is null;
begin
  update public.plans set owner_active = active where user_id = new.id and owner_active is distinct from active;
  return null;
end;
$$;

create trigger profiles_sync_plans_owner_active after update of suspended_at, deleted_at on public.profiles
  for each row when (old.suspended_at is distinct from new.suspended_at or old.deleted_at is distinct from new.deleted_at)
  execute function private.profiles_sync_plans_owner_active();

-- Accounts suspended or deleted before this migration.
update public.plans p set owner_active = false
from public.profiles pr
where pr.id = p.user_id and (pr.suspended_at is not null or pr.deleted_at is not null);

-- The select policy: an active owner reads their own plans; everyone reads public plans of active owners.
-- (owner_active is true whenever user_id = active_uid(); it is tested once for both branches.)
drop policy "Plans are viewable by their owner and, when public, by everyone" on public.plans;
create policy "Plans are viewable by their owner and, when public, by everyone"
  on public.plans for select to anon, authenticated
  using (deleted_at is null and owner_active
    and (visibility = 'public' or user_id = (select private.active_uid())));

-- Share links open nothing while the owner is suspended or deleted (the link itself stays as it was).
create or replace function private.plan_id_for_share_token(share_token text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select s.plan_id
  from public.plan_shares s
  join public.plans p on p.id = s.plan_id
  where s.token = share_token
    and s.revoked_at is null
    and (s.expires_at is null or s.expires_at > now())
    and p.deleted_at is null
    and p.owner_active
    and p.visibility in ('unlisted', 'public')
$$;
