// What a frontend does beyond the functions, through the Data API and Storage (supabase-js, RLS decides),
// typed from the generated Database. Every helper takes the app's supabase-js client and returns
// `{ data, error }`; none throws.
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Database, Json } from "./database.types.ts";
import { ConflictError, DataError, NetworkError, NotSignedInError, type Result } from "./errors.ts";

export type TripMasterSupabase = SupabaseClient<Database>;
type Tables = Database["public"]["Tables"];
type Functions = Database["public"]["Functions"];

export type MyPlan = Pick<
  Tables["plans"]["Row"],
  "id" | "title" | "destination" | "start_date" | "end_date" | "visibility" | "published_at" | "updated_at"
>;
export type PlanItemUpdate = Pick<
  Tables["plan_items"]["Update"],
  | "title"
  | "description"
  | "time_slot"
  | "start_time"
  | "place_name"
  | "latitude"
  | "longitude"
  | "estimated_cost"
  | "booking_url"
  | "position"
>;
export type TrashedPlan = Functions["list_trashed_plans"]["Returns"][number];
export type ShareLink = Tables["plan_shares"]["Row"];
export type FeedPlan = Functions["public_feed"]["Returns"][number];
export type Session = Functions["list_my_sessions"]["Returns"][number];
export type Announcement = Tables["announcements"]["Row"];
export interface SyncDocument {
  document: Json;
  /** 0 when nothing was saved yet; send it back as expectedVersion. */
  version: number;
}
export interface FeedPage {
  plans: FeedPlan[];
  /** Pass it to the next call; null on the last page. */
  nextCursor: string | null;
}

interface PostgrestLikeError {
  message: string;
  code?: string;
  details?: unknown;
  hint?: string;
}

function dataError(e: PostgrestLikeError): DataError {
  // save_user_document raises PT409 for a stale version; PostgREST passes the code through.
  const Cls = e.code === "PT409" ? ConflictError : DataError;
  return new Cls(e.message, e.code ?? "unknown", e.details ?? undefined, e.hint ?? undefined);
}

/** Runs a supabase-js call; a rejected promise (fetch failed) becomes a NetworkError, never a throw. */
async function run<T>(
  call: () => PromiseLike<{ data: T | null; error: PostgrestLikeError | null; status?: number }>,
): Promise<Result<T>> {
  try {
    const { data, error, status } = await call();
    // postgrest-js reports a fetch that failed as an error with status 0 (no HTTP answer at all).
    if (error && status === 0) {
      return { data: null, error: new NetworkError(error.message, { cause: error }) };
    }
    if (error) return { data: null, error: dataError(error) };
    return { data: data as T, error: null };
  } catch (cause) {
    return { data: null, error: new NetworkError("Could not reach the Data API", { cause }) };
  }
}

async function currentUserId(supabase: TripMasterSupabase): Promise<string | null> {
  try {
    const { data } = await supabase.auth.getSession();
    return data.session?.user.id ?? null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// My plans

/** The signed-in user's plans, most recently changed first. */
export async function listMyPlans(
  supabase: TripMasterSupabase,
  { limit = 50 }: { limit?: number } = {},
): Promise<Result<MyPlan[]>> {
  const uid = await currentUserId(supabase);
  if (!uid) return { data: null, error: new NotSignedInError() };
  return await run(() =>
    supabase.from("plans")
      .select("id, title, destination, start_date, end_date, visibility, published_at, updated_at")
      .eq("user_id", uid)
      .order("updated_at", { ascending: false })
      .limit(limit)
  );
}

export async function renamePlan(
  supabase: TripMasterSupabase,
  planId: string,
  title: string,
): Promise<Result<{ id: string; title: string }>> {
  return await run(() =>
    supabase.from("plans").update({ title }).eq("id", planId).select("id, title").single()
  );
}

/** Makes a plan private, unlisted (share links work) or public (in the feed). */
export async function setPlanVisibility(
  supabase: TripMasterSupabase,
  planId: string,
  visibility: Database["public"]["Enums"]["plan_visibility"],
): Promise<Result<{ id: string; visibility: string }>> {
  return await run(() =>
    supabase.from("plans").update({ visibility }).eq("id", planId).select("id, visibility").single()
  );
}

export async function updatePlanItem(
  supabase: TripMasterSupabase,
  itemId: string,
  patch: PlanItemUpdate,
): Promise<Result<Tables["plan_items"]["Row"]>> {
  return await run(() => supabase.from("plan_items").update(patch).eq("id", itemId).select().single());
}

export async function deletePlanItem(supabase: TripMasterSupabase, itemId: string): Promise<Result<null>> {
  return await run(() => supabase.from("plan_items").delete().eq("id", itemId));
}

/** Moves a plan to the trash (restorable with restorePlan until it is purged). */
export async function deletePlan(supabase: TripMasterSupabase, planId: string): Promise<Result<null>> {
  return await run(() => supabase.from("plans").delete().eq("id", planId));
}

/** The signed-in user's deleted plans, with when each is purged for good. */
export async function listTrashedPlans(supabase: TripMasterSupabase): Promise<Result<TrashedPlan[]>> {
  return await run(() => supabase.rpc("list_trashed_plans"));
}

/** Brings a plan back from the trash (it comes back private). */
export async function restorePlan(supabase: TripMasterSupabase, planId: string): Promise<Result<string>> {
  return await run(() => supabase.rpc("restore_plan", { plan_id: planId }));
}

// ---------------------------------------------------------------------------------------------------------
// Share links

/** A new share link (the plan must be unlisted or public for it to open anything). */
export async function createShareLink(
  supabase: TripMasterSupabase,
  planId: string,
  { expiresAt }: { expiresAt?: Date | string } = {},
): Promise<Result<ShareLink>> {
  const expires_at = expiresAt instanceof Date ? expiresAt.toISOString() : expiresAt ?? null;
  return await run(() =>
    supabase.from("plan_shares").insert({ plan_id: planId, expires_at }).select().single()
  );
}

export async function listShareLinks(
  supabase: TripMasterSupabase,
  planId: string,
): Promise<Result<ShareLink[]>> {
  return await run(() =>
    supabase.from("plan_shares").select().eq("plan_id", planId).is("revoked_at", null)
      .order("created_at", { ascending: false })
  );
}

export async function revokeShareLink(
  supabase: TripMasterSupabase,
  shareId: string,
): Promise<Result<ShareLink>> {
  return await run(() =>
    supabase.from("plan_shares").update({ revoked_at: new Date().toISOString() }).eq("id", shareId).select()
      .single()
  );
}

/** The app's page for a share link: `<siteUrl>/plans/<id>?token=<token>`. */
export const shareLinkUrl = (siteUrl: string, share: Pick<ShareLink, "plan_id" | "token">) =>
  `${siteUrl.replace(/\/+$/, "")}/plans/${encodeURIComponent(share.plan_id)}?token=${
    encodeURIComponent(share.token)
  }`;

/** The plan document a share link opens (anyone, signed in or not). */
export async function getSharedPlan(supabase: TripMasterSupabase, token: string): Promise<Result<Json>> {
  return await run(() => supabase.rpc("get_shared_plan", { share_token: token }));
}

// ---------------------------------------------------------------------------------------------------------
// Public feed (keyset pagination: the cursor is the last row's published_at and id)

const encodeCursor = (p: Pick<FeedPlan, "published_at" | "id">) =>
  btoa(JSON.stringify([p.published_at, p.id])).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

function decodeCursor(cursor: string): { after_published_at: string; after_id: string } | null {
  try {
    const [published, id] = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/")));
    return typeof published === "string" && typeof id === "string"
      ? { after_published_at: published, after_id: id }
      : null;
  } catch {
    return null;
  }
}

export async function publicFeed(
  supabase: TripMasterSupabase,
  { cursor, pageSize = 20, destination }: {
    cursor?: string | null;
    pageSize?: number;
    destination?: string;
  } = {},
): Promise<Result<FeedPage>> {
  const after = cursor ? decodeCursor(cursor) : null;
  if (cursor && !after) {
    return { data: null, error: new DataError("The feed cursor is not one this client made", "bad_cursor") };
  }
  const page = await run(() =>
    supabase.rpc("public_feed", {
      page_size: pageSize,
      ...(after ?? {}),
      ...(destination ? { destination } : {}),
    })
  );
  if (page.error) return page;
  const plans = page.data ?? [];
  const last = plans.at(-1);
  return {
    data: { plans, nextCursor: plans.length === pageSize && last ? encodeCursor(last) : null },
    error: null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Stats, sessions

/** The signed-in user's plan statistics (counts, views, countries). */
export async function myPlanStats(supabase: TripMasterSupabase): Promise<Result<Json>> {
  return await run(() => supabase.rpc("my_plan_stats"));
}

export async function listSessions(supabase: TripMasterSupabase): Promise<Result<Session[]>> {
  return await run(() => supabase.rpc("list_my_sessions"));
}

export async function revokeSession(
  supabase: TripMasterSupabase,
  sessionId: string,
): Promise<Result<boolean>> {
  return await run(() => supabase.rpc("revoke_session", { session_id: sessionId }));
}

/** Signs out every other device; returns how many sessions ended. */
export async function revokeOtherSessions(supabase: TripMasterSupabase): Promise<Result<number>> {
  return await run(() => supabase.rpc("revoke_other_sessions"));
}

// ---------------------------------------------------------------------------------------------------------
// The sync document (one JSON object per user, versioned: optimistic concurrency)

export async function getSyncDocument(supabase: TripMasterSupabase): Promise<Result<SyncDocument>> {
  const read = await run(() => supabase.from("user_documents").select("document, version").maybeSingle());
  if (read.error) return read;
  return { data: read.data ?? { document: {}, version: 0 }, error: null };
}

/**
 * Saves the document if nobody saved since `expectedVersion` was read; returns the new version. A stale
 * version is a ConflictError (isConflictError): read again, re-apply, save again.
 */
export async function saveSyncDocument(
  supabase: TripMasterSupabase,
  document: { [key: string]: Json | undefined },
  expectedVersion: number,
): Promise<Result<number, ConflictError | DataError | NetworkError>> {
  return await run(() =>
    supabase.rpc("save_user_document", { document, expected_version: expectedVersion })
  ) as Result<number, ConflictError | DataError | NetworkError>;
}

// ---------------------------------------------------------------------------------------------------------
// Announcements and feature flags

/** The announcements the caller may see now (RLS picks by audience and time window). */
export async function listAnnouncements(supabase: TripMasterSupabase): Promise<Result<Announcement[]>> {
  return await run(() => supabase.from("announcements").select().order("starts_at", { ascending: false }));
}

export async function isFeatureEnabled(supabase: TripMasterSupabase, flag: string): Promise<Result<boolean>> {
  return await run(() => supabase.rpc("is_feature_enabled", { flag_key: flag }));
}

// ---------------------------------------------------------------------------------------------------------
// Avatars (Storage bucket `avatars`: public URLs, each user writes only in `<user id>/`)

const AVATAR_TYPES: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
};
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;

/** Where a user's avatar goes: `<user id>/avatar-<stamp>.<ext>` (a new name per upload busts caches). */
export function avatarPath(userId: string, contentType: string, stamp = Date.now()): string | null {
  const ext = AVATAR_TYPES[contentType];
  return ext ? `${userId}/avatar-${stamp.toString(36)}.${ext}` : null;
}

/** Uploads an avatar and points the profile at it; returns its path and public URL. */
export async function uploadAvatar(
  supabase: TripMasterSupabase,
  file: Blob,
  contentType = file.type,
): Promise<Result<{ path: string; publicUrl: string }>> {
  const uid = await currentUserId(supabase);
  if (!uid) return { data: null, error: new NotSignedInError() };
  const path = avatarPath(uid, contentType);
  if (!path) return { data: null, error: new DataError("Use a PNG, JPEG, WebP or GIF image", "bad_type") };
  if (file.size > AVATAR_MAX_BYTES) return { data: null, error: new DataError("At most 2 MiB", "too_large") };
  const uploaded = await run(() => supabase.storage.from("avatars").upload(path, file, { contentType }));
  if (uploaded.error) return uploaded;
  const saved = await run(() => supabase.from("profiles").update({ avatar_path: path }).eq("id", uid));
  if (saved.error) return saved;
  const { data } = supabase.storage.from("avatars").getPublicUrl(path);
  return { data: { path, publicUrl: data.publicUrl }, error: null };
}
