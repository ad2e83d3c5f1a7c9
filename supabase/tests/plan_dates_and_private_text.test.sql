-- Issue 8: plan dates stay within years every reader can write (finding 7), and the save path cannot put
-- a plan's private accessibility needs into its public text (finding 1).
begin;
select plan(17);

select tests.create_user('owner@example.test') as owner \gset

-- Dates --------------------------------------------------------------------------------------------
select throws_ok(
  $$ insert into public.plans (user_id, title, destination, start_date, end_date)
     values ((select id from auth.users where email = 'owner@example.test'), 'T', 'X', '10000-01-01', '10000-01-02') $$,
  '23514', null, 'a plan in year 10000 is refused');
select throws_ok(
  $$ insert into public.plans (user_id, title, destination, start_date, end_date)
     values ((select id from auth.users where email = 'owner@example.test'), 'T', 'X', '0044-03-15 BC', '0044-03-16 BC') $$,
  '23514', null, 'a plan BC is refused');
select throws_ok(
  $$ insert into public.plans (user_id, title, destination, start_date, end_date)
     values ((select id from auth.users where email = 'owner@example.test'), 'T', 'X', '1899-12-31', '1900-01-02') $$,
  '23514', null, 'a plan starting before 1900 is refused');

insert into public.plans (user_id, title, destination, start_date, end_date, visibility)
values (:'owner', 'Lisbon', 'Lisbon', '2027-05-01', '2027-05-02', 'public') returning id as plan \gset
select throws_ok(
  format($$ update public.plans set end_date = '2200-01-01' where id = %L $$, :'plan'),
  '23514', null, 'an update past 2199 is refused');
select throws_ok(
  format($$ insert into public.plan_days (plan_id, day_number, date) values (%L, 1, '10000-01-01') $$, :'plan'),
  '23514', null, 'a day in year 10000 is refused');
select lives_ok(
  format($$ insert into public.plans (user_id, title, destination, start_date, end_date)
     values (%L, 'Old trip', 'Rome', '1900-01-01', '1900-01-05'), (%L, 'Far trip', 'Mars', '2199-12-01', '2199-12-31') $$,
     :'owner', :'owner'),
  'the ends of the range are allowed');
select ok((select bool_and(convalidated) from pg_constraint
  where conname in ('plans_dates_in_range', 'plan_days_date_in_range')), 'both date constraints are validated');

-- Private text ---------------------------------------------------------------------------------------
-- Deferred to commit in real use; immediate here so each statement is checked where it runs.
set constraints public.plan_private_details_stay_private immediate;

insert into public.plan_days (plan_id, day_number, date, title, summary)
values (:'plan', 1, '2027-05-01', 'Alfama', 'Step-free routes today.') returning id as day \gset
insert into public.plan_items (plan_id, day_id, position, time_slot, title, description)
values (:'plan', :'day', 0, 'morning', 'Castle', 'Take tram 28 up, then a level path.') returning id as item \gset

select lives_ok(
  format($$ insert into public.plan_private_details (plan_id, accessibility_needs)
     values (%L, 'I use a wheelchair and tire quickly on cobbles') $$, :'plan'),
  'private needs that the public text does not repeat are stored');

select throws_ok(
  format($$ update public.plan_private_details set accessibility_needs = 'take TRAM 28 up' where plan_id = %L $$, :'plan'),
  '23514', null, 'needs that an item''s description repeats (case and punctuation aside) are refused');

-- A plan whose tips quote the needs, as the offline planner used to.
insert into public.plans (user_id, title, destination, start_date, end_date, tips)
values (:'owner', 'Porto', 'Porto', '2027-06-01', '2027-06-02',
  array['Accessibility ("I use a wheelchair, and tire quickly"): the plan leaves out steep hikes.']) returning id as quoting \gset
select throws_ok(
  format($$ insert into public.plan_private_details (plan_id, accessibility_needs)
     values (%L, 'I use a wheelchair and tire quickly') $$, :'quoting'),
  '23514', null, 'a tip quoting the needs cannot be saved with them');

-- Markdown (escaped) and long notes: any six words in a row count.
insert into public.plans (user_id, title, destination, start_date, end_date, markdown)
values (:'owner', 'Rome', 'Rome', '2027-07-01', '2027-07-02',
  E'# Rome\n\n- **Note:** my partner is \\*blind\\* and uses a guide dog\n') returning id as md \gset
select throws_ok(
  format($$ insert into public.plan_private_details (plan_id, accessibility_needs)
     values (%L, 'My partner is blind and uses a guide dog; I cannot climb stairs at all.') $$, :'md'),
  '23514', null, 'six words of a long note in the Markdown are refused');

insert into public.plans (user_id, title, destination, start_date, end_date, summary)
values (:'owner', 'Nice', 'Nice', '2027-08-01', '2027-08-02', 'No stairs, no problem: wheelchairs welcome.') returning id as generic \gset
select lives_ok(
  format($$ insert into public.plan_private_details (plan_id, accessibility_needs) values (%L, 'no') $$, :'generic'),
  'a note that says nothing ("no") is not looked for');
select lives_ok(
  format($$ update public.plan_private_details set accessibility_needs = 'wheelchair' where plan_id = %L $$, :'generic'),
  'whole words only: "wheelchairs" does not repeat "wheelchair"');

select ok((select tgdeferrable and tginitdeferred from pg_trigger
  where tgname = 'plan_private_details_stay_private' and tgrelid = 'public.plan_private_details'::regclass),
  'the check runs at commit (the generator saves the details before the days and items)');

-- Plans saved before the fix: the quoted tip and its Markdown line lose the traveller's words.
insert into public.plans (user_id, title, destination, start_date, end_date, tips, markdown)
values (:'owner', 'Old', 'Oslo', '2027-09-01', '2027-09-02',
  array['Money: cards.', E'Accessibility ("I use a wheelchair\n(electric)"): the plan leaves out steep hikes and notes step-free options.'],
  E'## Tips\n\n- Money: cards.\n- Accessibility ("I use a wheelchair\n(electric)"): the plan leaves out steep hikes and notes step-free options.\n')
returning id as old \gset
select is(private.scrub_quoted_accessibility_tips(), 2, 'the scrub changes the plans that quote their needs (this one and Porto above)');
select is((select tips from public.plans where id = :'old'),
  array['Money: cards.', 'Accessibility: the plan leaves out steep hikes and stair-heavy climbs and notes step-free options on each item; contact venues a day ahead to confirm step-free entrances, lifts and accessible toilets.'],
  'the quoted tip is replaced, the others kept in order');
select is((select markdown from public.plans where id = :'old'),
  E'## Tips\n\n- Money: cards.\n- Accessibility: the plan leaves out steep hikes and notes step-free options.\n',
  'the Markdown line no longer quotes the needs');

select * from finish();
rollback;
