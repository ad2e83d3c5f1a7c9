-- Platform shape: pg_cron, as a hosted project has it once enabled (objects in schema `cron`, extension
-- in pg_catalog). The library is preloaded by the local cluster's postgresql.conf.
create extension if not exists pg_cron with schema pg_catalog;

-- Hosted grants (grant_pg_cron_access, later narrowed): postgres uses cron through its functions and
-- can read cron.job but not write it directly.
grant usage on schema cron to postgres with grant option;
grant select on cron.job to postgres with grant option;
grant all on cron.job_run_details to postgres with grant option;
grant execute on all functions in schema cron to postgres with grant option;
grant usage, select on all sequences in schema cron to postgres with grant option;
