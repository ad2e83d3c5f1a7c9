-- Sequences are nobody's business but postgres's. The platform's default privileges leave the API roles
-- UPDATE on every sequence postgres creates in public (the CLI revokes only USAGE and SELECT), and UPDATE
-- is what setval() needs: a setval as anon outlives the caller's rollback (sequences are not
-- transactional) and can push activity_log's identity back onto existing ids, so every later insert fails.
-- No API role needs any sequence privilege: inserts into identity columns are not checked against the
-- sequence, and every sequence in this project backs an identity column written by definer code.

revoke all on all sequences in schema public from anon, authenticated, service_role;
revoke all on all sequences in schema private from anon, authenticated, service_role;
-- Sequences postgres creates from now on start without them too.
alter default privileges for role postgres in schema public revoke all on sequences from anon, authenticated, service_role;
