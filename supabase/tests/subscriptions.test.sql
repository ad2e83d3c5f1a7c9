-- Subscriptions: the tier is derived from them (never written by a user or API role), the quota follows,
-- newest state wins, refunds/lost disputes revoke the paid period, RLS matrix, admin revenue, realtime.
begin;
select plan(39);

select tests.create_user('sub-owner@example.test', '{"display_name": "Sue"}') as owner \gset
select tests.create_user('sub-other@example.test') as other \gset
select tests.create_user('sub-admin@example.test') as adm \gset
update public.profiles set role = 'admin' where id = :'adm';
insert into public.billing_customers (user_id, provider_customer_id) values (:'owner', 'cus_pgtap_owner');

-- Builds a neutral subscription event.
create function pg_temp.sub_event(evt text, created bigint, status text, cancel boolean default false,
  period_end bigint default 1900000000)
returns jsonb language sql as $$
  -- created: seconds after a base an hour ago (the grace is measured from the past_due event's time).
  select jsonb_build_object('id', evt, 'type', 'customer.subscription.updated',
    'created', extract(epoch from now())::bigint - 3600 + created,
    'refs', jsonb_build_object('subscription', 'sub_pgtap', 'customer', 'cus_pgtap_owner'),
    'effects', jsonb_build_array(jsonb_build_object('kind', 'subscription_state', 'status', status,
      'interval', 'month', 'lookup_key', 'tripmaster_pro_monthly', 'current_period_end', period_end,
      'cancel_at_period_end', cancel)))
$$;
create function pg_temp.tier(u uuid) returns text language sql as $$ select tier::text from public.profiles where id = u $$;
create function pg_temp.quota(u uuid) returns int language sql as $$
  select q.monthly_plans from public.profiles p join public.plan_quotas q on q.tier = p.tier where p.id = u $$;

-- Lifecycle ------------------------------------------------------------------------------------------------
select is(pg_temp.tier(:'owner'), 'free', 'a new user is free');
select is(private.apply_provider_event('stripe', pg_temp.sub_event('evt_s1', 1000, 'incomplete')), 'applied',
  'created (incomplete) is applied');
select is(pg_temp.tier(:'owner'), 'free', 'incomplete is not pro');
select is(private.apply_provider_event('stripe', pg_temp.sub_event('evt_s2', 1010, 'active')), 'applied', 'active');
select is(pg_temp.tier(:'owner'), 'pro', 'active makes the tier pro at once');
select is(pg_temp.quota(:'owner'), 100, 'and the monthly quota 100');
select is((select count(*)::int from public.email_outbox where user_id = :'owner' and template = 'subscription_started'), 1,
  'a "subscription started" email is queued');
select is(private.apply_provider_event('stripe', pg_temp.sub_event('evt_s2', 1010, 'active')), 'duplicate',
  'a redelivery is a duplicate');
select is(private.apply_provider_event('stripe', pg_temp.sub_event('evt_s0', 999, 'incomplete')), 'applied',
  'an older event is recorded');
select is((select status from public.subscriptions where provider_subscription_id = 'sub_pgtap'), 'active',
  'but an older state does not replace a newer one');

-- past_due: pro during the grace, free after it
select private.apply_provider_event('stripe', pg_temp.sub_event('evt_s3', 1020, 'past_due'));
select is(pg_temp.tier(:'owner'), 'pro', 'past_due keeps pro during the grace');
-- Time passes (no event, so no trigger: the scheduled job must notice).
alter table public.subscriptions disable trigger sync_tier;
update public.subscriptions set past_due_since = now() - interval '73 hours' where provider_subscription_id = 'sub_pgtap';
alter table public.subscriptions enable trigger sync_tier;
select is(private.expire_subscription_grace(), 1, 'the grace job re-derives a user whose grace ended');
select is(pg_temp.tier(:'owner'), 'free', 'past_due beyond the grace is free');
select is(pg_temp.quota(:'owner'), 3, 'and the quota is the free one');
select private.apply_provider_event('stripe', pg_temp.sub_event('evt_s4', 1030, 'active'));
select is(pg_temp.tier(:'owner'), 'pro', 'paid again: pro');
select is((select past_due_since from public.subscriptions where provider_subscription_id = 'sub_pgtap'), null,
  'past_due_since is cleared');

-- cancel at period end, then ended
select private.apply_provider_event('stripe', pg_temp.sub_event('evt_s5', 1040, 'active', true));
select is(pg_temp.tier(:'owner'), 'pro', 'cancelled at period end: still pro until then');
select is((select data ->> 'ended' from public.email_outbox where user_id = :'owner' and template = 'subscription_cancelled'),
  'false', 'an "ends on" email is queued');
select private.apply_provider_event('stripe', pg_temp.sub_event('evt_s6', 1050, 'canceled', true));
select is(pg_temp.tier(:'owner'), 'free', 'canceled: free');
select private.apply_provider_event('stripe', pg_temp.sub_event('evt_s7', 1060, 'active'));
select is((select status from public.subscriptions where provider_subscription_id = 'sub_pgtap'), 'canceled',
  'canceled is final even against a later event');

-- Refund decision ----------------------------------------------------------------------------------------
select private.apply_provider_event('stripe', jsonb_build_object('id', 'evt_r1', 'type', 'customer.subscription.created',
  'created', 2000, 'refs', jsonb_build_object('subscription', 'sub_pgtap2', 'customer', 'cus_pgtap_owner'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'subscription_state', 'status', 'active', 'interval', 'year',
    'current_period_end', 1900000000, 'cancel_at_period_end', false))));
select private.apply_provider_event('stripe', jsonb_build_object('id', 'evt_r2', 'type', 'invoice.paid', 'created', 2001,
  'refs', jsonb_build_object('subscription', 'sub_pgtap2', 'customer', 'cus_pgtap_owner', 'payment_intent', 'pi_pgtap2'),
  'effects', jsonb_build_array(jsonb_build_object('kind', 'invoice_paid', 'ref', 'pi_pgtap2', 'invoice', 'in_pgtap2',
    'amount', 9000, 'currency', 'NOK', 'billing_reason', 'subscription_create', 'occurred_at', extract(epoch from now())::bigint))));
select is(pg_temp.tier(:'owner'), 'pro', 'a second (yearly) subscription: pro');
select is(private.apply_provider_event('stripe', jsonb_build_object('id', 'evt_r3', 'type', 'refund.created', 'created', 2002,
  'refs', jsonb_build_object('payment_intent', 'pi_pgtap2'), 'effects', jsonb_build_array(jsonb_build_object(
    'kind', 'refund', 'ref', 're_pgtap_part', 'amount', 1000, 'currency', 'NOK', 'occurred_at', extract(epoch from now())::bigint)))), 'applied', 'a partial refund is applied');
select is(pg_temp.tier(:'owner'), 'pro', 'a partial refund keeps pro (goodwill)');
select private.apply_provider_event('stripe', jsonb_build_object('id', 'evt_r4', 'type', 'refund.created', 'created', 2003,
  'refs', jsonb_build_object('payment_intent', 'pi_pgtap2'), 'effects', jsonb_build_array(jsonb_build_object(
    'kind', 'refund', 'ref', 're_pgtap_rest', 'amount', 8000, 'currency', 'NOK', 'occurred_at', extract(epoch from now())::bigint))));
select is(pg_temp.tier(:'owner'), 'free', 'a full refund revokes pro for the paid period');
select is((select count(*)::int from public.payment_ledger l join public.subscriptions s on s.id = l.subscription_id
  where s.provider_subscription_id = 'sub_pgtap2'), 3, 'charge and both refunds are in the ledger');
select private.apply_provider_event('stripe', pg_temp.sub_event('evt_r5', 2100, 'active', false, 1930000000));
update public.subscriptions set state_key = '0', current_period_end = to_timestamp(1930000000)
  where provider_subscription_id = 'sub_pgtap2';
select is(pg_temp.tier(:'owner'), 'pro', 'a renewal (a new period) gives pro again');

-- Who may write ------------------------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select throws_ok($$update public.profiles set tier = 'pro'$$, '42501', null, 'a user cannot set their tier');
select throws_ok($$update public.subscriptions set status = 'active'$$, '42501', null, 'a user cannot update subscriptions');
select throws_ok(format($$insert into public.subscriptions (user_id, provider_subscription_id, provider_customer_id, status, state_key)
  values (%L, 'sub_x', 'cus_x', 'active', '9')$$, :'owner'), '42501', null, 'a user cannot insert a subscription');
select throws_ok($$insert into public.billing_customers (user_id, provider_customer_id) values (auth.uid(), 'cus_x')$$, '42501',
  null, 'a user cannot set a customer');
select is((select count(*)::int from public.subscriptions), 2, 'the owner reads their own subscriptions');
select tests.authenticate_as(:'other');
select is((select count(*)::int from public.subscriptions) + (select count(*)::int from public.billing_customers), 0,
  'another user reads none');
select tests.authenticate_as_anon();
select throws_ok('select 1 from public.subscriptions', '42501', null, 'anon reads nothing');
select tests.authenticate_as_service_role();
select throws_ok(format($$update public.profiles set tier = 'pro' where id = %L$$, :'other'), '42501',
  'the tier follows the subscription and cannot be set', 'the service role cannot set a tier either');
select tests.authenticate_as(:'adm', '{"user_role": "admin"}');
select is((select count(*)::int from public.subscriptions where user_id = :'owner'), 2, 'admins read every subscription');
select ok((public.admin_revenue() -> 'revenue') @> jsonb_build_array(jsonb_build_object('month', to_char(now() at time zone 'UTC', 'YYYY-MM'),
  'currency', 'NOK', 'gross_minor', 9000, 'refunds_minor', 9000, 'disputes_minor', 0, 'net_minor', 0)),
  'admins get revenue by month and currency: gross, refunds, disputes, net');
select ok((public.admin_platform_stats() -> 'revenue_by_month') @> jsonb_build_array(jsonb_build_object(
  'currency', 'NOK', 'net_minor', 0)) and (public.admin_platform_stats() ->> 'pro_subscribers_active')::int >= 1,
  'the platform stats carry revenue by month and active Pro subscribers');
select tests.authenticate_as(:'other');
select throws_ok('select public.admin_revenue()', '42501', 'admin role required', 'a user cannot read revenue');
select tests.clear_authentication();

-- Realtime ------------------------------------------------------------------------------------------------
select is((select array_agg(x.t order by x.t) from (select (schemaname || '.' || tablename)::text collate "C" as t
  from pg_publication_tables where pubname = 'supabase_realtime') x), array['public.bookings', 'public.plan_generation_jobs', 'public.subscriptions']::text[],
  'the realtime publication holds exactly bookings, subscriptions and plan generation jobs');

select * from finish();
rollback;
