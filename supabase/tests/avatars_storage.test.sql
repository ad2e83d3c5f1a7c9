-- Avatars in Storage: the public `avatars` bucket (images, 2 MiB); each user lists and writes only the
-- objects in their own folder `<user id>/...`; nobody else (admins, anon) lists or writes them.
begin;
select plan(37);

select tests.create_user('owner@example.test') as owner \gset
select tests.create_user('other@example.test') as other \gset
select tests.create_user('admin@example.test') as admin \gset
select tests.create_user('suspended@example.test') as suspended \gset

-- Fixtures (as postgres) -----------------------------------------------------------------------------
update public.profiles set role = 'admin' where id = :'admin';
update public.profiles set suspended_at = now() where id = :'suspended';
insert into storage.objects (bucket_id, name, owner_id) values
  ('avatars', :'other' || '/avatar.png', :'other'),
  ('avatars', :'suspended' || '/avatar.png', :'suspended');

-- The bucket -----------------------------------------------------------------------------------------
select results_eq($$select public, file_size_limit, allowed_mime_types from storage.buckets where id = 'avatars'$$,
  $$values (true, 2097152::bigint, array['image/png', 'image/jpeg', 'image/webp', 'image/gif'])$$,
  'the avatars bucket is public, limited to 2 MiB and to image types');

-- Owner ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select lives_ok(
  format($$insert into storage.objects (bucket_id, name, owner_id) values ('avatars', '%s/avatar.png', %L)$$, :'owner', :'owner'),
  'a user uploads into their own folder');
select lives_ok(
  format($$insert into storage.objects (bucket_id, name, owner_id) values ('avatars', '%s/old/avatar-2025.png', %L)$$, :'owner', :'owner'),
  'and into a subfolder of it');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name, owner_id) values ('avatars', '%s/avatar.png', %L)$$, :'admin', :'owner'),
  '42501', 'new row violates row-level security policy for table "objects"', 'a user cannot upload into another user''s folder');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name, owner_id) values ('avatars', 'avatar.png', %L)$$, :'owner'),
  '42501', 'new row violates row-level security policy for table "objects"', 'a user cannot upload at the bucket root');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name, owner_id) values ('avatars', 'x/%s/avatar.png', %L)$$, :'owner', :'owner'),
  '42501', 'new row violates row-level security policy for table "objects"', 'the first folder must be the user''s id');
select results_eq('select name from storage.objects order by name',
  format($$values ('%1$s/avatar.png'), ('%1$s/old/avatar-2025.png')$$, :'owner'),
  'a user lists only the objects in their own folder');
select lives_ok(format($$update storage.objects set metadata = '{"mimetype": "image/png"}' where name = '%s/avatar.png'$$, :'owner'),
  'a user replaces their own object');
select throws_ok(format($$update storage.objects set name = '%s/avatar.png' where name = '%s/old/avatar-2025.png'$$, :'admin', :'owner'),
  '42501', 'new row violates row-level security policy for table "objects"', 'a user cannot move an object into another user''s folder');
select throws_ok(format($$delete from storage.objects where name = '%s/old/avatar-2025.png'$$, :'owner'),
  '42501', null, 'direct deletes need the Storage API (platform guard; its wording is the platform''s)');
set local storage.allow_delete_query = 'true';
select lives_ok(format($$delete from storage.objects where name = '%s/old/avatar-2025.png'$$, :'owner'),
  'a user deletes their own object');
select results_eq('select name from storage.objects', format($$values ('%s/avatar.png')$$, :'owner'), 'the deleted object is gone');

-- Other user -----------------------------------------------------------------------------------------
select tests.authenticate_as(:'other');
select results_eq('select name from storage.objects', format($$values ('%s/avatar.png')$$, :'other'),
  'another user lists only their own folder');
select is_empty(format($$update storage.objects set metadata = '{"hijacked": true}' where name like '%s/%%' returning name$$, :'owner'),
  'another user''s update of the owner''s object affects nothing');
select is_empty(format($$delete from storage.objects where name like '%s/%%' returning name$$, :'owner'),
  'another user''s delete of the owner''s object affects nothing');
select throws_ok(format($$update storage.objects set name = '%s/avatar.png' where name = '%s/avatar.png'$$, :'owner', :'other'),
  '42501', 'new row violates row-level security policy for table "objects"',
  'another user cannot overwrite the owner''s avatar by renaming their own');

-- Admin ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select is_empty('select 1 from storage.objects', 'an admin lists nobody else''s avatars');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name, owner_id) values ('avatars', '%s/avatar.png', %L)$$, :'owner', :'admin'),
  '42501', 'new row violates row-level security policy for table "objects"', 'an admin cannot upload into a user''s folder');
select is_empty($$update storage.objects set metadata = '{"admin": true}' returning name$$, 'an admin updates no one''s object');
select is_empty($$delete from storage.objects returning name$$, 'an admin deletes no one''s object');

-- Suspended account ----------------------------------------------------------------------------------
select tests.authenticate_as(:'suspended');
select is_empty('select 1 from storage.objects', 'a suspended account lists nothing, not even its own folder');
select throws_ok(
  format($$insert into storage.objects (bucket_id, name, owner_id) values ('avatars', '%s/new.png', %L)$$, :'suspended', :'suspended'),
  '42501', 'new row violates row-level security policy for table "objects"', 'a suspended account cannot upload');
select is_empty($$delete from storage.objects returning name$$, 'a suspended account deletes nothing');

-- Anon -----------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok(
  format($$insert into storage.objects (bucket_id, name) values ('avatars', '%s/anon.png')$$, :'owner'),
  '42501', 'new row violates row-level security policy for table "objects"', 'anon cannot upload');
select is_empty('select 1 from storage.objects', 'anon lists no object (the public URL needs no listing)');
select is_empty($$update storage.objects set metadata = '{"anon": true}' returning name$$, 'anon updates nothing');
select is_empty($$delete from storage.objects returning name$$, 'anon deletes nothing');

-- State after the refused writes ---------------------------------------------------------------------
select tests.clear_authentication();
select results_eq(format($$select name, metadata from storage.objects where name like '%s/%%'$$, :'owner'),
  format($$values ('%s/avatar.png', '{"mimetype": "image/png"}'::jsonb)$$, :'owner'),
  'the owner''s object is unchanged by everyone else');
select is((select count(*)::int from storage.objects where bucket_id = 'avatars'
  and (storage.foldername(name))[1] in (:'owner', :'other', :'suspended', :'admin')), 3, 'no object was added or removed by others');

-- Service role ---------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is((select count(*)::int from storage.objects where bucket_id = 'avatars'
  and (storage.foldername(name))[1] in (:'owner', :'other', :'suspended')), 3, 'the service role sees every object');
select lives_ok(
  format($$insert into storage.objects (bucket_id, name, owner_id) values ('avatars', '%s/avatar.png', %L)$$, :'admin', :'admin'),
  'the service role uploads into any folder');
select lives_ok(format($$update storage.objects set metadata = '{"ops": true}' where name = '%s/avatar.png'$$, :'other'),
  'the service role updates any object');
select lives_ok(format($$delete from storage.objects where name = '%s/avatar.png'$$, :'suspended'),
  'the service role deletes any object');
select tests.clear_authentication();
select results_eq(format($$select name, metadata from storage.objects where name in ('%s/avatar.png', '%s/avatar.png', '%s/avatar.png') order by metadata is null$$,
    :'other', :'admin', :'suspended'),
  format($$values ('%s/avatar.png', '{"ops": true}'::jsonb), ('%s/avatar.png', null)$$, :'other', :'admin'),
  'the service role''s writes took effect');

-- Policies -------------------------------------------------------------------------------------------
select policies_are('storage', 'objects', array[
  'Avatar owners can list their folder', 'Avatar owners can upload into their folder',
  'Avatar owners can replace files in their folder', 'Avatar owners can delete files in their folder'],
  'storage.objects has exactly the four avatar policies');
select policy_roles_are('storage', 'objects', 'Avatar owners can list their folder', array['authenticated'],
  'the avatar policies apply to authenticated only');
select ok(not exists (select 1 from pg_policy where polrelid = 'storage.buckets'::regclass),
  'no policy opens storage.buckets to clients');

select * from finish();
rollback;
