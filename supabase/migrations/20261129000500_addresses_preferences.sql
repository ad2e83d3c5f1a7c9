-- Address book and travel preferences: owner-only data. Admins get no access through the API either
-- (support works through the service role, which bypasses RLS).

-- ============================================================================================
-- tables
-- ============================================================================================

create table public.addresses (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  label text not null default 'Home' check (char_length(label) between 1 and 50),
  recipient text check (recipient is null or char_length(recipient) <= 120),
  line1 text not null check (char_length(line1) between 1 and 200),
  line2 text check (line2 is null or char_length(line2) <= 200),
  city text not null check (char_length(city) between 1 and 100),
  region text check (region is null or char_length(region) <= 100),
  postal_code text check (postal_code is null or char_length(postal_code) <= 20),
  -- ISO 3166-1 alpha-2
  country_code public.country_code not null,
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.addresses is 'A user''s address book (billing, home); owner-only.';

create index addresses_user_id_idx on public.addresses (user_id);
-- At most one default address per user.
create unique index addresses_one_default_per_user_idx on public.addresses (user_id) where is_default;

create table public.travel_preferences (
  user_id uuid primary key default auth.uid() references auth.users (id) on delete cascade,
  -- IATA airport code, e.g. LIS
  home_airport text check (home_airport is null or home_airport ~ '^[A-Z]{3}$'),
  pace text not null default 'moderate' check (pace in ('relaxed', 'moderate', 'packed')),
  interests text[] not null default '{}' check (cardinality(interests) <= 30),
  dietary_needs text[] not null default '{}' check (cardinality(dietary_needs) <= 20),
  accessibility_needs text check (accessibility_needs is null or char_length(accessibility_needs) <= 1000),
  budget_level text not null default 'mid' check (budget_level in ('budget', 'mid', 'premium', 'luxury')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.travel_preferences is 'Defaults for plan generation (pace, interests, accessibility, budget); one row per user, owner-only.';

-- ============================================================================================
-- triggers
-- ============================================================================================

create trigger set_updated_at before update on public.addresses
  for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.travel_preferences
  for each row execute function private.set_updated_at();

-- ============================================================================================
-- grants and RLS
-- ============================================================================================

alter table public.addresses enable row level security;
alter table public.travel_preferences enable row level security;

revoke all on table public.addresses, public.travel_preferences from anon, authenticated, service_role;
grant select, delete on table public.addresses to authenticated;
grant insert (label, recipient, line1, line2, city, region, postal_code, country_code, is_default)
  on table public.addresses to authenticated;
grant update (label, recipient, line1, line2, city, region, postal_code, country_code, is_default)
  on table public.addresses to authenticated;
grant select, delete on table public.travel_preferences to authenticated;
grant insert (home_airport, pace, interests, dietary_needs, accessibility_needs, budget_level)
  on table public.travel_preferences to authenticated;
grant update (home_airport, pace, interests, dietary_needs, accessibility_needs, budget_level)
  on table public.travel_preferences to authenticated;
grant select, insert, update, delete on table public.addresses, public.travel_preferences to service_role;

create policy "Addresses are viewable by their owner"
  on public.addresses for select to authenticated
  using (user_id = (select private.active_uid()));
create policy "Addresses are insertable by their owner"
  on public.addresses for insert to authenticated
  with check (user_id = (select private.active_uid()));
create policy "Addresses are updatable by their owner"
  on public.addresses for update to authenticated
  using (user_id = (select private.active_uid()))
  with check (user_id = (select private.active_uid()));
create policy "Addresses are deletable by their owner"
  on public.addresses for delete to authenticated
  using (user_id = (select private.active_uid()));

create policy "Travel preferences are viewable by their owner"
  on public.travel_preferences for select to authenticated
  using (user_id = (select private.active_uid()));
create policy "Travel preferences are insertable by their owner"
  on public.travel_preferences for insert to authenticated
  with check (user_id = (select private.active_uid()));
create policy "Travel preferences are updatable by their owner"
  on public.travel_preferences for update to authenticated
  using (user_id = (select private.active_uid()))
  with check (user_id = (select private.active_uid()));
create policy "Travel preferences are deletable by their owner"
  on public.travel_preferences for delete to authenticated
  using (user_id = (select private.active_uid()));
