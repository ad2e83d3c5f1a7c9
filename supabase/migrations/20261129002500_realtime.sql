-- ============================================================================================
-- realtime
-- ============================================================================================

-- postgres_changes applies each table's RLS to every subscriber: owners see their rows, admins all.
alter publication supabase_realtime add table public.bookings, public.subscriptions, public.plan_generation_jobs;
