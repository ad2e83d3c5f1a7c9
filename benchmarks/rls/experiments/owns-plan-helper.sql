-- Tried with BENCH_RLS_APPLY (see ../README.md, "One plan-ownership helper?"): the ownership predicate of the
-- plan child tables' owner policies as one helper, on the policy the benchmark reads ("views of my plan").
-- Written the way the style asks for functions (security invoker, set search_path = ''): a SET clause keeps
-- the planner from inlining it, so it runs once per row.
create function private.owns_plan(target_plan_id uuid)
returns boolean language sql stable security invoker set search_path = ''
as $$
  select exists (select 1 from public.plans p where p.id = target_plan_id and p.user_id = (select private.active_uid()))
$$;
grant execute on function private.owns_plan(uuid) to authenticated;
drop policy "Plan views are viewable by the plan owner" on public.plan_views;
create policy "Plan views are viewable by the plan owner" on public.plan_views for select to authenticated
  using (private.owns_plan(plan_id));
