-- As owns-plan-helper.sql, without the SET clause (every name schema-qualified), so the planner may inline it.
create function private.owns_plan(target_plan_id uuid)
returns boolean language sql stable security invoker
as $$
  select exists (select 1 from public.plans p where p.id = target_plan_id and p.user_id = (select private.active_uid()))
$$;
grant execute on function private.owns_plan(uuid) to authenticated;
drop policy "Plan views are viewable by the plan owner" on public.plan_views;
create policy "Plan views are viewable by the plan owner" on public.plan_views for select to authenticated
  using (private.owns_plan(plan_id));
