-- user_documents: one sync document per user, owner-only, with optimistic concurrency. save_user_document
-- writes only when expected_version is the current one; direct updates must claim version = current + 1.
begin;
select plan(50);

select tests.create_user('owner@example.test') as owner \gset
select tests.create_user('other@example.test') as other \gset
select tests.create_user('admin@example.test') as admin \gset
select tests.create_user('suspended@example.test') as suspended \gset

-- Fixtures (as postgres) -----------------------------------------------------------------------------
update public.profiles set role = 'admin' where id = :'admin';
insert into public.user_documents (user_id, document) values (:'suspended', '{"note": "paused"}');
update public.profiles set suspended_at = now() where id = :'suspended';

-- Owner: save_user_document ----------------------------------------------------------------------------
select tests.authenticate_as(:'owner');
select is(public.save_user_document('{"trips": [1]}', 0), 1::bigint, 'the first save (expected version 0) returns version 1');
select results_eq('select user_id, document, version from public.user_documents',
  format($$values (%L::uuid, '{"trips": [1]}'::jsonb, 1::bigint)$$, :'owner'), 'the owner reads their document');
select is(public.save_user_document('{"trips": [1, 2]}', 1), 2::bigint, 'the next save (expected version 1) returns version 2');
select throws_ok($$select public.save_user_document('{"trips": []}', 1)$$,
  'PT409', 'stale document version 1: the current version is 2', 'a stale save raises PT409 naming both versions');
select throws_ok($$select public.save_user_document('{"trips": []}', 0)$$,
  'PT409', 'stale document version 0: the current version is 2', 'a "first" save when a document exists is stale too');
select throws_ok($$select public.save_user_document('{"trips": []}', 3)$$,
  'PT409', 'stale document version 3: the current version is 2', 'a version from the future is refused');
select results_eq('select document, version from public.user_documents',
  $$values ('{"trips": [1, 2]}'::jsonb, 2::bigint)$$, 'the refused saves left the document unchanged');
select throws_ok($$select public.save_user_document('[1]'::jsonb, 2)$$,
  '22023', 'document must be a JSON object', 'a non-object document is refused');
select throws_ok($$select public.save_user_document(null, 2)$$,
  '22023', 'document must be a JSON object', 'a null document is refused');
select throws_ok($$select public.save_user_document('{"blind": true}', null)$$,
  '22023', 'expected_version is required (0 when there is no document yet)',
  'a save without an expected version is refused, not applied blindly');
select throws_ok($$select public.save_user_document('{"blind": true}', -1)$$,
  '22023', 'expected_version is required (0 when there is no document yet)', 'a negative expected version is refused');
select results_eq('select document, version from public.user_documents',
  $$values ('{"trips": [1, 2]}'::jsonb, 2::bigint)$$, 'the refused blind saves left the document unchanged');
select version as owner_version from public.user_documents \gset

-- Owner: direct writes ----------------------------------------------------------------------------------
select throws_ok($$update public.user_documents set document = '{"direct": true}'$$,
  'PT409', format('stale document version %s: the current version is %s', :owner_version - 1, :owner_version),
  'a direct update that does not bump the version is refused');
select throws_ok(format($$update public.user_documents set document = '{"direct": true}', version = %s$$, :owner_version + 5),
  'PT409', format('stale document version %s: the current version is %s', :owner_version + 4, :owner_version),
  'a direct update that skips versions is refused');
select lives_ok($$update public.user_documents set document = '{"direct": true}', version = version + 1$$,
  'a direct update that sets version = current + 1 works');
select results_eq('select document, version from public.user_documents',
  format($$values ('{"direct": true}'::jsonb, %s::bigint)$$, :owner_version + 1), 'the direct update stuck');
select is(public.save_user_document('{"after": "direct"}', :owner_version + 1), :owner_version + 2::bigint,
  'save_user_document continues from the directly written version');
select throws_ok($$insert into public.user_documents (document) values ('{}')$$,
  '23505', 'duplicate key value violates unique constraint "user_documents_pkey"', 'one document per user');
select throws_ok(format($$update public.user_documents set user_id = %L, version = version + 1$$, :'other'),
  '42501', 'permission denied for table user_documents', 'the owner cannot move the document to another user');
select throws_ok($$update public.user_documents set updated_at = now() - interval '1 day', version = version + 1$$,
  '42501', 'permission denied for table user_documents', 'updated_at is not in the update grant');
select throws_ok('delete from public.user_documents', '42501', 'permission denied for table user_documents',
  'documents are not deleted through the API');

-- Other user -----------------------------------------------------------------------------------------
select tests.authenticate_as(:'other');
select is_empty('select 1 from public.user_documents', 'another user sees no document');
select throws_ok(format($$select public.save_user_document('{"hijacked": true}', %s)$$, :owner_version + 2),
  'PT409', format('stale document version %s: the current version is 0', :owner_version + 2),
  'another user''s save, based on the owner''s version, only ever targets their own (missing) document');
select is_empty($$update public.user_documents set document = '{"hijacked": true}', version = version + 1 returning user_id$$,
  'another user''s direct update affects nothing');
select throws_ok(format($$insert into public.user_documents (user_id, document) values (%L, '{"hijacked": true}')$$, :'owner'),
  '42501', 'permission denied for table user_documents', 'another user cannot insert a document for the owner');
select throws_ok('delete from public.user_documents', '42501', 'permission denied for table user_documents',
  'another user cannot delete documents');
select is(public.save_user_document('{"mine": true}', 0), 1::bigint, 'another user saves their own document');
select results_eq('select user_id, version from public.user_documents', format($$values (%L::uuid, 1::bigint)$$, :'other'),
  'and sees only it');

-- Admin ----------------------------------------------------------------------------------------------
select tests.authenticate_as(:'admin', '{"user_role": "admin"}');
select is_empty('select 1 from public.user_documents', 'an admin sees no one else''s document');
select is_empty($$update public.user_documents set document = '{"admin": true}', version = version + 1 returning user_id$$,
  'an admin''s direct update affects nothing');
select throws_ok(format($$insert into public.user_documents (user_id, document) values (%L, '{"admin": true}')$$, :'owner'),
  '42501', 'permission denied for table user_documents', 'an admin cannot insert a document for the owner');
select throws_ok('delete from public.user_documents', '42501', 'permission denied for table user_documents',
  'an admin cannot delete documents');

-- Suspended account ----------------------------------------------------------------------------------
select tests.authenticate_as(:'suspended');
select is_empty('select 1 from public.user_documents', 'a suspended account sees none of its own document');
select throws_ok($$select public.save_user_document('{"note": "back"}', 1)$$,
  '42501', 'sign in to save your document', 'a suspended account cannot save');
select is_empty($$update public.user_documents set document = '{"note": "back"}', version = version + 1 returning user_id$$,
  'a suspended account''s direct update affects nothing');

-- Anon -----------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok('select * from public.user_documents', '42501', 'permission denied for table user_documents',
  'anon cannot read documents');
select throws_ok($$select public.save_user_document('{}', 0)$$, '42501', 'permission denied for function save_user_document',
  'anon cannot call save_user_document');
select throws_ok($$insert into public.user_documents (document) values ('{}')$$,
  '42501', 'permission denied for table user_documents', 'anon cannot insert documents');
select throws_ok($$update public.user_documents set document = '{}'$$,
  '42501', 'permission denied for table user_documents', 'anon cannot update documents');
select throws_ok('delete from public.user_documents', '42501', 'permission denied for table user_documents',
  'anon cannot delete documents');

-- Service role ---------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.user_documents where user_id in (:'owner', :'other', :'suspended')), 3,
  'the service role sees every document');
select throws_ok(format($$update public.user_documents set document = '{"ops": true}' where user_id = %L$$, :'other'),
  'PT409', 'stale document version 0: the current version is 1', 'the version check applies to the service role too');
select lives_ok(format($$update public.user_documents set document = '{"ops": true}', version = version + 1 where user_id = %L$$, :'other'),
  'the service role updates a document with the next version');
select lives_ok(format($$insert into public.user_documents (user_id, document, version) values (%L, '{"seeded": true}', 42)$$, :'admin'),
  'the service role inserts a document for any user');
select is((select version from public.user_documents where user_id = :'admin'), 1::bigint, 'an inserted document always starts at version 1');
select lives_ok(format('delete from public.user_documents where user_id = %L', :'suspended'), 'the service role deletes a document');
select throws_ok($$select public.save_user_document('{}', 0)$$, '42501', 'permission denied for function save_user_document',
  'save_user_document is for signed-in users only');

-- Final state ----------------------------------------------------------------------------------------
select tests.clear_authentication();
select results_eq(format($$select document, version from public.user_documents where user_id = %L$$, :'owner'),
  format($$values ('{"after": "direct"}'::jsonb, %s::bigint)$$, :owner_version + 2),
  'nobody else changed the owner''s document');
select results_eq(
  format($$select user_id, version from public.user_documents where user_id in (%L, %L, %L) order by version$$,
    :'other', :'admin', :'suspended'),
  format($$values (%L::uuid, 1::bigint), (%L::uuid, 2::bigint)$$, :'admin', :'other'),
  'the service role''s writes took effect');
delete from auth.users where id = :'owner';
select is_empty(format('select 1 from public.user_documents where user_id = %L', :'owner'),
  'deleting the auth user deletes their document');

select * from finish();
rollback;
