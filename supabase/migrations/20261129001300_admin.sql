-- Admin RPCs: platform stats, user search, suspend/unsuspend. Each starts with private.assert_admin()
-- (admin role in token and profile; aal2 when the admin has MFA enrolled) and every action is logged.
-- Definer parts read auth.users (emails, sign-in times), which no API role can read.

-- ============================================================================================
-- helpers
-- ============================================================================================

create function private.admin_platform_stats()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  money jsonb;
begin
  perform private.assert_admin();
  money := private.admin_revenue(12);
  return jsonb_build_object(
    'users_total', (select count(*) from public.profiles where deleted_at is null),
    'users_new_7d', (select count(*) from public.profiles where deleted_at is null and created_at > now() - interval '7 days'),
    'users_active_7d', (select count(*) from auth.users u join public.profiles p on p.id = u.id
      where p.deleted_at is null and u.last_sign_in_at > now() - interval '7 days'),
    'users_suspended', (select count(*) from public.profiles where suspended_at is not null and deleted_at is null),
    'plans_total', (select count(*) from public.plans where deleted_at is null),
    'plans_public', (select count(*) from public.plans where deleted_at is null and visibility = 'public'),
    'pro_subscribers_active', money -> 'pro_subscribers_active',
    'revenue_by_month', money -> 'revenue',
    'generated_at', now()
  );
end;
$$;

create function private.admin_search_users(search text, page_size integer, after_created_at timestamptz, after_id uuid)
returns table (
  id uuid, email text, display_name text, role public.app_role, tier public.account_tier, created_at timestamptz,
  last_sign_in_at timestamptz, suspended_at timestamptz, locked_until timestamptz, deleted_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  pattern text := '%' || replace(replace(replace(coalesce(btrim(search), ''), '\', '\\'), '%', '\%'), '_', '\_') || '%';
begin
  perform private.assert_admin();
  return query
    select p.id, u.email::text, p.display_name, p.role, p.tier, p.created_at, u.last_sign_in_at, p.suspended_at,
      p.locked_until, p.deleted_at
    from public.profiles p
    join auth.users u on u.id = p.id
    where (u.email ilike pattern or p.display_name ilike pattern or p.id::text = btrim(search))
      and (after_created_at is null or (p.created_at, p.id) < (after_created_at, after_id))
    order by p.created_at desc, p.id desc
    limit least(greatest(coalesce(page_size, 25), 1), 100);
end;
$$;

create function private.admin_set_suspended(target_user_id uuid, suspend boolean, reason text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  changed public.profiles;
begin
  perform private.assert_admin();
  if target_user_id = auth.uid() then
    raise exception 'admins cannot suspend themselves' using errcode = '22023';
  end if;
  update public.profiles
    set suspended_at = case when suspend then coalesce(suspended_at, now()) end,
        suspended_reason = case when suspend then left(reason, 500) end
    where id = target_user_id and deleted_at is null
    returning * into changed;
  if not found then
    raise exception 'no such user' using errcode = 'PT404';
  end if;
  if suspend then
    delete from auth.sessions where user_id = target_user_id;
  end if;
  perform private.log_activity(target_user_id,
    case when suspend then 'admin.user_suspended' else 'admin.user_unsuspended' end,
    'user', target_user_id::text, '{}'::jsonb, auth.uid());
  return jsonb_build_object('id', changed.id, 'suspended_at', changed.suspended_at);
end;
$$;

-- Full activity rows (actor, ip, user agent) for admins; users see their rows without those columns.
create function private.admin_activity_log(target_user uuid, before_id bigint, page_size integer)
returns setof public.activity_log
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_admin();
  return query
    select a.* from public.activity_log a
    where (target_user is null or a.user_id = target_user or a.actor_id = target_user)
      and (before_id is null or a.id < before_id)
    order by a.id desc
    limit least(greatest(coalesce(page_size, 50), 1), 200);
end;
$$;

grant execute on function private.admin_platform_stats(), private.admin_search_users(text, integer, timestamptz, uuid),
  private.admin_set_suspended(uuid, boolean, text), private.admin_activity_log(uuid, bigint, integer) to authenticated;

-- ============================================================================================
-- API functions
-- ============================================================================================

create function public.admin_platform_stats()
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.admin_platform_stats()
$$;
comment on function public.admin_platform_stats() is 'Admin: users total / new in 7 days / active in 7 days, plans total.';

create function public.admin_search_users(
  search text default '',
  page_size integer default 25,
  after_created_at timestamptz default null,
  after_id uuid default null
)
returns table (
  id uuid, email text, display_name text, role public.app_role, tier public.account_tier, created_at timestamptz,
  last_sign_in_at timestamptz, suspended_at timestamptz, locked_until timestamptz, deleted_at timestamptz
)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.admin_search_users(search, page_size, after_created_at, after_id)
$$;
comment on function public.admin_search_users(text, integer, timestamptz, uuid) is 'Admin: users by email, name or id, newest first, keyset-paginated.';

create function public.admin_set_suspended(user_id uuid, suspend boolean, reason text default null)
returns jsonb
language sql
volatile
security invoker
set search_path = ''
as $$
  select private.admin_set_suspended(user_id, suspend, reason)
$$;
comment on function public.admin_set_suspended(uuid, boolean, text) is 'Admin: suspend (ends sessions, no new tokens) or unsuspend a user.';

create function public.admin_activity_log(user_id uuid default null, before_id bigint default null, page_size integer default 50)
returns setof public.activity_log
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.admin_activity_log(user_id, before_id, page_size)
$$;
comment on function public.admin_activity_log(uuid, bigint, integer) is 'Admin: activity rows with actor, ip and user agent, newest first (keyset on id), optionally for one user.';

revoke execute on function public.admin_platform_stats(), public.admin_search_users(text, integer, timestamptz, uuid),
  public.admin_set_suspended(uuid, boolean, text), public.admin_activity_log(uuid, bigint, integer) from public;
grant execute on function public.admin_platform_stats(), public.admin_search_users(text, integer, timestamptz, uuid),
  public.admin_set_suspended(uuid, boolean, text), public.admin_activity_log(uuid, bigint, integer) to authenticated;
