-- Private inputs never reach a publicly readable column (issue 8, finding 1). A plan's accessibility needs
-- live in plan_private_details (owner-only); the offline planner used to quote them in a tip (so also in
-- the Markdown), which anyone reads once the plan is public or shared, and a model may echo them.
-- The generator now redacts them (edge-functions/_shared/planner/private-text.ts); this is the database's
-- backstop on the save path: when the private text is stored (the generator's save transaction), a
-- deferred check at commit refuses it if the plan's public text repeats it. Later edits of their own plan's
-- text by the owner are their own words and are not checked.
--
-- "Repeats" is defined as in private-text.ts: case and punctuation ignored, whole words, the whole note
-- when it has at most 6 words, else any 6 words of it in a row; notes under 4 letters and digits say
-- nothing and are not looked for.

create function private.echo_normalize(t text)
returns text
language sql
immutable
security invoker
set search_path = ''
as $$
  select btrim(regexp_replace(lower(coalesce(t, '')), '[^[:alnum:]]+', ' ', 'g'))
$$;

-- Whether any public text of the plan (plan, days, items) repeats its private accessibility needs.
create function private.plan_echoes_private_text(target_plan uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  needle text;
  words text[];
  haystack text;
  n integer;
begin
  select private.echo_normalize(x.accessibility_needs) into needle
    from public.plan_private_details x where x.plan_id = target_plan;
  if needle is null or char_length(replace(needle, ' ', '')) < 4 then
    return false;
  end if;
  -- Each field normalised on its own and padded with spaces; fields joined by a newline, which no
  -- normalised text contains, so a match never spans two fields.
  select string_agg(' ' || private.echo_normalize(t) || ' ', E'\n') into haystack
  from (
    select p.title as t from public.plans p where p.id = target_plan
    union all select p.summary from public.plans p where p.id = target_plan
    union all select p.markdown from public.plans p where p.id = target_plan
    union all select tip from public.plans p, unnest(p.tips) as tip where p.id = target_plan
    union all select d.title from public.plan_days d where d.plan_id = target_plan
    union all select d.summary from public.plan_days d where d.plan_id = target_plan
    union all select i.title from public.plan_items i where i.plan_id = target_plan
    union all select i.description from public.plan_items i where i.plan_id = target_plan
    union all select i.place_name from public.plan_items i where i.plan_id = target_plan
    union all select i.booking_url from public.plan_items i where i.plan_id = target_plan
  ) fields
  where t is not null;
  if haystack is null then
    return false;
  end if;
  words := string_to_array(needle, ' ');
  n := cardinality(words);
  if n <= 6 then
    return strpos(haystack, ' ' || needle || ' ') > 0;
  end if;
  return exists (
    select 1 from generate_series(1, n - 5) as k
    where strpos(haystack, ' ' || array_to_string(words[k:k + 5], ' ') || ' ') > 0
  );
end;
$$;

create function private.keep_private_text_private()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if private.plan_echoes_private_text(new.plan_id) then
    raise exception 'a public field of the plan repeats its private accessibility needs'
      using errcode = '23514', hint = 'Remove the private text from the plan''s title, summary, tips, Markdown, days and items.';
  end if;
  return null;
end;
$$;

-- Deferred to commit: the generator stores the private details before the days and items.
create constraint trigger plan_private_details_stay_private
  after insert or update of accessibility_needs on public.plan_private_details
  deferrable initially deferred
  for each row execute function private.keep_private_text_private();

revoke all on function private.echo_normalize(text), private.plan_echoes_private_text(uuid),
  private.keep_private_text_private() from public, anon, authenticated;

-- Plans saved before this fix by the offline planner quote the needs in a tip, and so in the Markdown:
-- the tip gets the wording it has now (offline.ts ACCESSIBILITY_TIP), without the traveller's words.
-- A function (not a bare update) so the pgTAP suite can check it on such a plan; returns the plans changed.
create function private.scrub_quoted_accessibility_tips()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  changed integer;
begin
  update public.plans p
  set tips = array(
        select case when tip like 'Accessibility ("%' then
          'Accessibility: the plan leaves out steep hikes and stair-heavy climbs and notes step-free options on each item; contact venues a day ahead to confirm step-free entrances, lifts and accessible toilets.'
        else tip end
        from unnest(p.tips) with ordinality as t(tip, k) order by k),
      markdown = regexp_replace(p.markdown, '- Accessibility \(".*?"\): the plan leaves out',
        '- Accessibility: the plan leaves out', 'g')
  where exists (select 1 from unnest(p.tips) tip where tip like 'Accessibility ("%');
  get diagnostics changed = row_count;
  return changed;
end;
$$;
revoke all on function private.scrub_quoted_accessibility_tips() from public, anon, authenticated;
