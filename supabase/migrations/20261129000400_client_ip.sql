-- The client's IP address, taken from the hop the platform's proxies add, never from what the client
-- wrote. Every proxy appends the address it received the request from to X-Forwarded-For, so with N
-- proxies we trust, the client is the N-th entry from the right; entries further left are whatever the
-- client sent and prove nothing. The count is a setting (private.settings 'trusted_proxy_hops', default
-- 1: the Supabase API gateway in front of PostgREST and Edge Functions). Used for audit rows, view keys
-- and rate limits; never for authorization.

create function private.client_ip_from(forwarded_for text, trusted_hops integer)
returns inet
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  parts text[] := string_to_array(coalesce(forwarded_for, ''), ',');
  n integer := coalesce(array_length(parts, 1), 0);
begin
  if trusted_hops is null or trusted_hops < 1 or n < trusted_hops then
    return null;
  end if;
  return nullif(btrim(parts[n - trusted_hops + 1]), '')::inet;
exception when invalid_text_representation then
  return null;
end;
$$;
comment on function private.client_ip_from(text, integer) is 'The entry trusted_hops places from the right of an X-Forwarded-For value, as inet (null when absent or malformed).';

-- The current request's client IP (request.headers is set by PostgREST, and by the functions through
-- the same GUC).
create function private.request_client_ip()
returns inet
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  headers jsonb := coalesce(nullif(current_setting('request.headers', true), ''), '{}')::jsonb;
begin
  return private.client_ip_from(headers ->> 'x-forwarded-for',
    private.setting_int('trusted_proxy_hops'));
exception when invalid_text_representation then
  return null;
end;
$$;
comment on function private.request_client_ip() is 'Client IP of the current request from the trusted X-Forwarded-For hop (private.settings trusted_proxy_hops).';

revoke execute on function private.client_ip_from(text, integer) from public, anon, authenticated, service_role;
revoke execute on function private.request_client_ip() from public, anon, authenticated, service_role;
