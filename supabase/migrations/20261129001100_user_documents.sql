-- The sync document: one JSON document per user with a version (optimistic concurrency: a write based on a
-- stale version is rejected, never silently merged).

create table public.user_documents (
  user_id uuid primary key default auth.uid() references auth.users (id) on delete cascade,
  document jsonb not null default '{}'::jsonb check (jsonb_typeof(document) = 'object'),
  -- Incremented by exactly one on every write; a write that does not claim the next version is stale.
  version bigint not null default 1 check (version >= 1),
  updated_at timestamptz not null default now()
);
comment on table public.user_documents is 'One JSON sync document per user with a version: a write based on a stale version is rejected, never silently applied.';

-- Optimistic concurrency on direct writes too: an update must set version = current + 1.
create function private.user_documents_check_version()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.version := 1;
  elsif new.version is distinct from old.version + 1 then
    raise exception 'stale document version %: the current version is %', new.version - 1, old.version
      using errcode = 'PT409', hint = 'Read the document again and re-apply your change.';
  end if;
  new.updated_at := now();
  return new;
end;
$$;

create trigger user_documents_check_version before insert or update on public.user_documents
  for each row execute function private.user_documents_check_version();
alter table public.user_documents enable row level security;

revoke all on table public.user_documents from anon, authenticated, service_role;

grant select on table public.user_documents to authenticated;
grant insert (document), update (document, version) on table public.user_documents to authenticated;

grant select, insert, update, delete on table public.user_documents to service_role;

-- sync documents: the owner only
create policy "User documents are viewable by their owner"
  on public.user_documents for select to authenticated
  using (user_id = (select private.active_uid()));
create policy "User documents are insertable by their owner"
  on public.user_documents for insert to authenticated
  with check (user_id = (select private.active_uid()));
create policy "User documents are updatable by their owner"
  on public.user_documents for update to authenticated
  using (user_id = (select private.active_uid()))
  with check (user_id = (select private.active_uid()));

-- Saves the caller's sync document if expected_version is the current one (0 when there is none yet).
-- Returns the new version; a stale expected_version raises PT409 (HTTP 409 through PostgREST).
create function public.save_user_document(document jsonb, expected_version bigint)
returns bigint
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  uid uuid := (select private.active_uid());
  current_version bigint;
  new_version bigint;
begin
  if uid is null then
    raise exception 'sign in to save your document' using errcode = '42501';
  end if;
  if expected_version is null or expected_version < 0 then
    raise exception 'expected_version is required (0 when there is no document yet)' using errcode = '22023';
  end if;
  if document is null or jsonb_typeof(document) <> 'object' then
    raise exception 'document must be a JSON object' using errcode = '22023';
  end if;
  select d.version into current_version from public.user_documents d where d.user_id = uid for update;
  if coalesce(current_version, 0) <> expected_version then
    raise exception 'stale document version %: the current version is %', expected_version, coalesce(current_version, 0)
      using errcode = 'PT409', hint = 'Read the document again and re-apply your change.';
  end if;
  if current_version is null then
    -- Two first saves at once: the loser finds the row there and gets the same 409 as any stale write.
    insert into public.user_documents (document) values (save_user_document.document)
      on conflict (user_id) do nothing
      returning version into new_version;
    if new_version is null then
      raise exception 'stale document version 0: a document was saved meanwhile' using errcode = 'PT409',
        hint = 'Read the document again and re-apply your change.';
    end if;
  else
    update public.user_documents d set document = save_user_document.document, version = d.version + 1
      where d.user_id = uid returning d.version into new_version;
  end if;
  return new_version;
end;
$$;
comment on function public.save_user_document(jsonb, bigint) is 'Optimistic-concurrency write of the caller''s sync document; stale versions get HTTP 409.';

revoke execute on function public.save_user_document(jsonb, bigint) from public;

grant execute on function public.save_user_document(jsonb, bigint) to authenticated;
