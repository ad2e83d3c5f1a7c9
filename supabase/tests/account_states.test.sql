-- Account states reach every read path: a suspended account is answered like anon by feature flags, and
-- the activity retention job cannot be misconfigured into wiping the log.
begin;
select plan(4);

select tests.create_user('flags-suspended@example.test') as u \gset
insert into public.feature_flags (key, enabled, rollout_percent) values ('beta_map', false, 0);
insert into public.feature_flag_overrides (flag_key, user_id, enabled) values ('beta_map', :'u', true);

select tests.authenticate_as(:'u');
select ok(public.is_feature_enabled('beta_map'), 'an active user gets their override');
select tests.clear_authentication();
update public.profiles set suspended_at = now() where id = :'u';
select tests.authenticate_as(:'u');
select ok(not public.is_feature_enabled('beta_map'), 'a suspended account is answered like anon (override ignored)');

select tests.clear_authentication();
update private.settings set value = '0' where key = 'activity_log_retention_days';
insert into public.activity_log (user_id, action, created_at) values
  (:'u', 'test.recent', now() - interval '2 hours'),
  (:'u', 'test.old', now() - interval '3 days');
select private.trim_activity_log();
select ok(exists (select 1 from public.activity_log where action = 'test.recent'),
  'a retention of 0 days still keeps the last day');
select ok(not exists (select 1 from public.activity_log where action = 'test.old'), 'and trims older rows');

select * from finish();
rollback;
