-- ============================================================================================
-- admin revenue
-- ============================================================================================

create function private.admin_revenue(months integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_admin();
  return jsonb_build_object(
    'revenue', coalesce((
      select jsonb_agg(jsonb_build_object('month', r.month, 'currency', r.currency, 'gross_minor', r.gross,
        'refunds_minor', r.refunds, 'disputes_minor', r.disputes, 'net_minor', r.gross - r.refunds - r.disputes)
        order by r.month desc, r.currency)
      from (
        select to_char(date_trunc('month', l.occurred_at at time zone 'UTC'), 'YYYY-MM') as month, l.currency,
          coalesce(sum(l.amount_minor) filter (where l.kind = 'charge'), 0)::bigint as gross,
          coalesce(-sum(l.amount_minor) filter (where l.kind = 'refund'), 0)::bigint as refunds,
          -- Disputed money withdrawn, less what came back when a dispute was won.
          (coalesce(-sum(l.amount_minor) filter (where l.kind = 'dispute'), 0)
            - coalesce(sum(l.amount_minor) filter (where l.kind = 'dispute_reversal'), 0))::bigint as disputes
        from public.payment_ledger l
        where l.occurred_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'
          - make_interval(months => greatest(least(months, 120), 1) - 1)
        group by 1, 2
      ) r), '[]'::jsonb),
    'pro_subscribers_active', (select count(distinct s.user_id) from public.subscriptions s
      join public.profiles p on p.id = s.user_id where p.tier = 'pro' and p.deleted_at is null),
    'subscriptions_by_status', coalesce((select jsonb_object_agg(status, n) from (
      select s.status, count(*) as n from public.subscriptions s group by s.status) x), '{}'::jsonb),
    'generated_at', now()
  );
end;
$$;
comment on function private.admin_revenue(integer) is 'Admin: ledger revenue per month (UTC) and currency (gross, refunds, disputes, net) and active Pro subscribers.';

create function public.admin_revenue(months integer default 12)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.admin_revenue(months)
$$;
comment on function public.admin_revenue(integer) is 'Admin: revenue by month and currency (gross, refunds, disputes, net minor units) for the last N months, and active Pro subscribers.';

grant execute on function private.admin_revenue(integer) to authenticated;
comment on function private.admin_platform_stats() is 'Admin: users, plans, active Pro subscribers and revenue by month and currency (last 12 months).';
grant execute on function public.admin_revenue(integer) to authenticated;
