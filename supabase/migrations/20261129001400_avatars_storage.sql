-- Avatars in Storage: bucket `avatars`, public for reading through its public URL (images only, 2 MiB),
-- and each user writes only inside their own folder `<user id>/...`.
-- (Storage policies are created here as on hosted, where supautils lets postgres manage them.)

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('avatars', 'avatars', true, 2097152, array['image/png', 'image/jpeg', 'image/webp', 'image/gif'])
on conflict (id) do update
  set public = excluded.public, file_size_limit = excluded.file_size_limit,
      allowed_mime_types = excluded.allowed_mime_types;

-- No broad SELECT: a public bucket serves files by URL without one, and listing everyone's avatars is not
-- something clients need. Owners may list their own folder (also needed for upserts).
create policy "Avatar owners can list their folder"
  on storage.objects for select to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select private.active_uid())::text);
create policy "Avatar owners can upload into their folder"
  on storage.objects for insert to authenticated
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select private.active_uid())::text);
create policy "Avatar owners can replace files in their folder"
  on storage.objects for update to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select private.active_uid())::text)
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select private.active_uid())::text);
create policy "Avatar owners can delete files in their folder"
  on storage.objects for delete to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select private.active_uid())::text);
