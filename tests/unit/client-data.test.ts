// The Data-API helpers of @tripmaster/client, run through the real supabase-js with a recording fetch: the
// requests they build (table, filters, rpc arguments) and how answers and refusals come back as
// { data, error } (never thrown).
import { describe, expect, it } from "vitest";
import {
  avatarPath,
  ConflictError,
  createShareLink,
  createTripMasterClient,
  DataError,
  deletePlan,
  getSyncDocument,
  isConflictError,
  isFeatureEnabled,
  listAnnouncements,
  listMyPlans,
  listSessions,
  listTrashedPlans,
  myPlanStats,
  NetworkError,
  NotSignedInError,
  publicFeed,
  renamePlan,
  restorePlan,
  revokeOtherSessions,
  revokeShareLink,
  saveSyncDocument,
  shareLinkUrl,
  updatePlanItem,
  uploadAvatar,
} from "../../clients/src/index.ts";

type Seen = { method: string; url: URL; body: unknown };

function fakeSupabase(answer: (req: Seen) => Response | Promise<Response>, session?: { userId: string }) {
  const seen: Seen[] = [];
  const storage = new Map<string, string>();
  if (session) {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    storage.set(
      "sb-127-auth-token",
      JSON.stringify({
        access_token: "a.b.c",
        refresh_token: "r",
        token_type: "bearer",
        expires_in: 3600,
        expires_at: exp,
        user: {
          id: session.userId,
          aud: "authenticated",
          app_metadata: {},
          user_metadata: {},
          created_at: "",
        },
      }),
    );
  }
  const client = createTripMasterClient("http://127.0.0.1:1", "anon", {
    // Realtime is never used here (Node 20 has no WebSocket).
    realtime: { transport: class {} as never },
    auth: {
      storageKey: "sb-127-auth-token",
      storage: {
        getItem: (k) => storage.get(k) ?? null,
        setItem: (k, v) => void storage.set(k, v),
        removeItem: (k) => void storage.delete(k),
      },
      autoRefreshToken: false,
      persistSession: true,
      detectSessionInUrl: false,
    },
    global: {
      fetch: async (input, init) => {
        const req = new Request(input, init);
        const text = await req.text();
        const isJson = /json/.test(req.headers.get("content-type") ?? "");
        const s = {
          method: req.method,
          url: new URL(req.url),
          body: text && isJson ? JSON.parse(text) : text,
        };
        seen.push(s);
        return await answer(s);
      },
    },
  });
  return { client, seen };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("my plans", () => {
  it("lists only the signed-in user's plans, newest change first", async () => {
    const { client, seen } = fakeSupabase(() => json(200, [{ id: "p1" }]), { userId: "u1" });
    const { data, error } = await listMyPlans(client, { limit: 5 });
    expect(error).toBeNull();
    expect(data).toEqual([{ id: "p1" }]);
    expect(seen[0].url.pathname).toBe("/rest/v1/plans");
    expect(seen[0].url.searchParams.get("user_id")).toBe("eq.u1");
    expect(seen[0].url.searchParams.get("order")).toBe("updated_at.desc");
    expect(seen[0].url.searchParams.get("limit")).toBe("5");
  });

  it("refuses without a session, before any request", async () => {
    const { client, seen } = fakeSupabase(() => json(200, []));
    const { data, error } = await listMyPlans(client);
    expect(data).toBeNull();
    expect(error).toBeInstanceOf(NotSignedInError);
    expect(seen).toHaveLength(0);
  });

  it("renames, edits items and deletes through the plan's own rows", async () => {
    const { client, seen } = fakeSupabase((s) =>
      s.method === "DELETE" ? new Response(null, { status: 204 }) : json(200, { id: "x", title: "T" })
    );
    expect((await renamePlan(client, "p1", "Porto in May")).error).toBeNull();
    expect(seen[0]).toMatchObject({ method: "PATCH", body: { title: "Porto in May" } });
    expect(seen[0].url.searchParams.get("id")).toBe("eq.p1");
    await updatePlanItem(client, "i1", { title: "Tram 28", start_time: "09:30" });
    expect(seen[1].url.pathname).toBe("/rest/v1/plan_items");
    expect(seen[1].body).toEqual({ title: "Tram 28", start_time: "09:30" });
    expect(await deletePlan(client, "p1")).toEqual({ data: null, error: null });
    expect(seen[2]).toMatchObject({ method: "DELETE" });
  });

  it("lists the trash and restores through the rpc functions", async () => {
    const { client, seen } = fakeSupabase((s) =>
      s.url.pathname.endsWith("restore_plan") ? json(200, "p1") : json(200, [{ id: "p1" }])
    );
    expect((await listTrashedPlans(client)).data).toEqual([{ id: "p1" }]);
    expect(await restorePlan(client, "p1")).toEqual({ data: "p1", error: null });
    expect(seen.map((s) => `${s.method} ${s.url.pathname}`)).toEqual([
      "POST /rest/v1/rpc/list_trashed_plans",
      "POST /rest/v1/rpc/restore_plan",
    ]);
    expect(seen[1].body).toEqual({ plan_id: "p1" });
  });
});

describe("share links", () => {
  it("creates with an expiry, revokes, and builds the app's link", async () => {
    const { client, seen } = fakeSupabase(() => json(201, { id: "s1", plan_id: "p1", token: "t/1" }));
    const made = await createShareLink(client, "p1", { expiresAt: new Date("2027-01-01T00:00:00Z") });
    expect(seen[0]).toMatchObject({
      method: "POST",
      body: { plan_id: "p1", expires_at: "2027-01-01T00:00:00.000Z" },
    });
    expect(shareLinkUrl("https://app.example/", made.data!)).toBe("https://app.example/plans/p1?token=t%2F1");
    await revokeShareLink(client, "s1");
    expect(seen[1].method).toBe("PATCH");
    expect(Object.keys(seen[1].body as object)).toEqual(["revoked_at"]);
  });
});

describe("public feed", () => {
  const row = (i: number) => ({ id: `p${i}`, published_at: `2026-11-0${i}T00:00:00Z` });

  it("pages with a keyset cursor built from the last row, and stops on a short page", async () => {
    const pages = [[row(3), row(2)], [row(1)]];
    const { client, seen } = fakeSupabase(() => json(200, pages.shift()));
    const first = await publicFeed(client, { pageSize: 2, destination: "Lisbon" });
    expect(first.data!.plans).toHaveLength(2);
    expect(first.data!.nextCursor).toEqual(expect.any(String));
    expect(seen[0].body).toEqual({ page_size: 2, destination: "Lisbon" });
    const second = await publicFeed(client, { pageSize: 2, cursor: first.data!.nextCursor });
    expect(seen[1].body).toEqual({ page_size: 2, after_published_at: row(2).published_at, after_id: "p2" });
    expect(second.data!.nextCursor).toBeNull();
  });

  it("refuses a cursor it did not make, without a request", async () => {
    const { client, seen } = fakeSupabase(() => json(200, []));
    const { error } = await publicFeed(client, { cursor: "not-a-cursor" });
    expect(error).toBeInstanceOf(DataError);
    expect(seen).toHaveLength(0);
  });
});

describe("the sync document", () => {
  it("reads version 0 when nothing was saved", async () => {
    const { client } = fakeSupabase(() => json(200, []));
    expect(await getSyncDocument(client)).toEqual({ data: { document: {}, version: 0 }, error: null });
  });

  it("returns a stale version as a typed ConflictError", async () => {
    const { client, seen } = fakeSupabase(() =>
      json(409, {
        code: "PT409",
        message: "stale document version 1: the current version is 2",
        hint: "Read",
      })
    );
    const { data, error } = await saveSyncDocument(client, { theme: "dark" }, 1);
    expect(data).toBeNull();
    expect(error).toBeInstanceOf(ConflictError);
    expect(isConflictError(error)).toBe(true);
    expect(error).toMatchObject({ code: "PT409", hint: "Read" });
    expect(seen[0].body).toEqual({ document: { theme: "dark" }, expected_version: 1 });
  });
});

describe("never throws", () => {
  it("turns a failed fetch into a NetworkError", async () => {
    const { client } = fakeSupabase(() => Promise.reject(new TypeError("fetch failed")), { userId: "u1" });
    const { error } = await listTrashedPlans(client);
    expect(error).toBeInstanceOf(NetworkError);
    const mine = await listMyPlans(client);
    expect(mine.data).toBeNull();
    expect(mine.error).not.toBeNull();
  });

  it("avatar paths stay in the user's folder and refuse other types", () => {
    expect(avatarPath("u1", "image/png", 36)).toBe("u1/avatar-10.png");
    expect(avatarPath("u1", "image/svg+xml")).toBeNull();
  });
});

describe("stats, sessions, announcements, flags, avatars", () => {
  it("calls the rpc functions and tables they are built on", async () => {
    const { client, seen } = fakeSupabase((s) =>
      s.url.pathname.endsWith("is_feature_enabled") ? json(200, true) : json(200, [])
    );
    await myPlanStats(client);
    await listSessions(client);
    await revokeOtherSessions(client);
    await listAnnouncements(client);
    expect(await isFeatureEnabled(client, "new_feed")).toEqual({ data: true, error: null });
    expect(seen.map((s) => `${s.method} ${s.url.pathname}`)).toEqual([
      "POST /rest/v1/rpc/my_plan_stats",
      "POST /rest/v1/rpc/list_my_sessions",
      "POST /rest/v1/rpc/revoke_other_sessions",
      "GET /rest/v1/announcements",
      "POST /rest/v1/rpc/is_feature_enabled",
    ]);
    expect(seen[4].body).toEqual({ flag_key: "new_feed" });
  });

  it("uploads an avatar into the user's folder, points the profile at it and returns its public URL", async () => {
    const { client, seen } = fakeSupabase(
      (s) =>
        s.url.pathname.startsWith("/storage/") ? json(200, { Key: "avatars/x", Id: "1" }) : json(200, []),
      { userId: "u1" },
    );
    const { data, error } = await uploadAvatar(client, new Blob([new Uint8Array(10)], { type: "image/png" }));
    expect(error).toBeNull();
    expect(data!.path).toMatch(/^u1\/avatar-[0-9a-z]+\.png$/);
    expect(seen[0].url.pathname).toBe(`/storage/v1/object/avatars/${data!.path}`);
    expect(seen[1]).toMatchObject({ method: "PATCH", body: { avatar_path: data!.path } });
    expect(seen[1].url.searchParams.get("id")).toBe("eq.u1");
    expect(data!.publicUrl).toBe(`http://127.0.0.1:1/storage/v1/object/public/avatars/${data!.path}`);
  });

  it("refuses a non-image avatar or one too large, without uploading", async () => {
    const { client, seen } = fakeSupabase(() => json(200, {}), { userId: "u1" });
    expect((await uploadAvatar(client, new Blob(["<svg/>"], { type: "image/svg+xml" }))).error)
      .toMatchObject({ code: "bad_type" });
    expect(
      (await uploadAvatar(client, new Blob([new Uint8Array(2 * 1024 * 1024 + 1)], { type: "image/png" })))
        .error,
    )
      .toMatchObject({ code: "too_large" });
    expect(seen).toHaveLength(0);
  });
});
