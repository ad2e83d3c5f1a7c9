-- Hosted projects run the supautils extension, whose `policy_grants` let postgres create and drop RLS
-- policies on platform tables it does not own (storage.objects, storage.buckets), so storage policies
-- can live in migrations. Plain PostgreSQL has no such mechanism: only the owner may create a policy.
-- The nearest equivalent is membership in the owning role. It lets postgres do more than hosted allows
-- (ALTER TABLE, COMMENT ON POLICY on storage tables); tests/unit/migrations-guard.test.ts rejects
-- migrations that do those things, so they still fail here as they would on hosted.
grant supabase_storage_admin to postgres;
