-- Test cluster only: pgTAP (hosted lets postgres enable it; `supabase test db` does so itself).
create extension if not exists pgtap with schema extensions;
