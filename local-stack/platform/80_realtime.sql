-- Realtime as hosted has it: the `supabase_realtime` publication (created empty in 50_other_schemas.sql)
-- belongs to postgres, so migrations (which run as postgres) add and drop its tables, as they do on a
-- hosted project. The Realtime server itself is not run locally; its postgres_changes read this publication.
alter publication supabase_realtime owner to postgres;
