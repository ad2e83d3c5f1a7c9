-- Outbox retention: sent and dead emails are deleted after private.settings.email_outbox_retention_days
-- (one home for the tunable; no default in the code: a missing setting is an error).
begin;
select plan(6);

insert into public.email_outbox (dedupe_key, template, to_email, status, updated_at) values
  ('retention-sent-31d', 'welcome', 'r1@example.test', 'sent', now() - interval '31 days'),
  ('retention-dead-31d', 'welcome', 'r2@example.test', 'dead', now() - interval '31 days'),
  ('retention-sent-29d', 'welcome', 'r3@example.test', 'sent', now() - interval '29 days'),
  ('retention-pending-40d', 'welcome', 'r4@example.test', 'pending', now() - interval '40 days'),
  ('retention-sent-3d', 'welcome', 'r5@example.test', 'sent', now() - interval '3 days');

select is((select value from private.settings where key = 'email_outbox_retention_days'), '30'::jsonb,
  'the retention is a setting, 30 days');
select private.trim_email_outbox();
select is(array(select dedupe_key from public.email_outbox where dedupe_key like 'retention-%' order by 1),
  array['retention-pending-40d', 'retention-sent-29d', 'retention-sent-3d'],
  'sent and dead rows older than the retention are deleted; younger and unsettled ones stay');

update private.settings set value = '2' where key = 'email_outbox_retention_days';
select is(private.trim_email_outbox(), 2, 'the job reads the setting');
select is(array(select dedupe_key from public.email_outbox where dedupe_key like 'retention-%' order by 1),
  array['retention-pending-40d'], 'a shorter retention deletes more');

delete from private.settings where key = 'email_outbox_retention_days';
select throws_ok($$select private.trim_email_outbox()$$, 'P0002', null, 'a missing setting is an error, not a default');
select throws_ok($$select private.setting_int('no_such_setting')$$, 'P0002',
  'private.settings no_such_setting is missing', 'every setting is read the same way');

select * from finish();
rollback;
