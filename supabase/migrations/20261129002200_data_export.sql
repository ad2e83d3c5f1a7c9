-- Data export (GDPR art. 15 and 20): the export-data function reads everything the user owns or that is
-- about them, as the user (RLS applies). Here: the rate limit (one export per user per hour, sliding, in
-- Postgres, logged in the activity log) and a read of the emails sent to the user (metadata only), which
-- no policy otherwise lets a user see.

create table private.data_exports (
  user_id uuid primary key references auth.users (id) on delete cascade,
  last_export_at timestamptz not null
);
comment on table private.data_exports is 'When each user last started a data export (rate limit: one per hour); removed with the account.';

-- Starts an export for the caller: 0 when allowed (recorded and logged), else the seconds until the next
-- one is. One statement decides, so two concurrent requests cannot both pass. SECURITY DEFINER: it writes
-- the private counter and the activity log. A suspended or deleted account (active_uid() null) gets 42501.
create function private.start_data_export()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := private.active_uid();
  min_interval interval := make_interval(secs => greatest(private.setting_int('data_export_interval_seconds'), 1));
  last_at timestamptz;
begin
  if uid is null then
    raise exception 'sign in to export your data' using errcode = '42501';
  end if;
  insert into private.data_exports as d (user_id, last_export_at) values (uid, now())
  on conflict (user_id) do update set last_export_at = now()
    where d.last_export_at <= now() - min_interval
  returning d.last_export_at into last_at;
  if last_at is null then
    select d.last_export_at into last_at from private.data_exports d where d.user_id = uid;
    return greatest(1, ceil(extract(epoch from last_at + min_interval - now()))::integer);
  end if;
  perform private.log_activity(uid, 'data.exported', 'user', uid::text);
  return 0;
end;
$$;

-- The emails sent (or queued) to the caller: what, to which address, when, and whether it went; never the
-- data (Auth emails carry tokens) nor the provider's internals.
create function private.my_emails()
returns table (
  id uuid, template text, to_email text, status public.email_status, created_at timestamptz, sent_at timestamptz
)
language sql
stable
security definer
set search_path = ''
as $$
  select o.id, o.template, o.to_email, o.status, o.created_at, o.sent_at
  from public.email_outbox o
  where o.user_id = (select private.active_uid())
  order by o.created_at, o.id
$$;

grant execute on function private.start_data_export(), private.my_emails() to authenticated;

create function public.my_emails()
returns table (
  id uuid, template text, to_email text, status public.email_status, created_at timestamptz, sent_at timestamptz
)
language sql
stable
security invoker
set search_path = ''
as $$
  select * from private.my_emails()
$$;
comment on function public.my_emails() is 'The emails sent or queued to the caller (template, address, status, dates); never their content.';

revoke execute on function public.my_emails() from public;
grant execute on function public.my_emails() to authenticated;
