// Deletes Storage objects through the Storage API (DELETE /object/<bucket> with { prefixes }), which removes
// the bytes and the storage.objects rows together; deleting the rows in SQL would leave the bytes in the
// bucket on hosted. One HTTP call, so plain fetch rather than pulling supabase-js into the worker.

export interface StorageDeleter {
  /** Resolves when the objects are gone (already-missing objects count as gone). */
  remove(bucket: string, names: string[]): Promise<void>;
}

export class StorageApiError extends Error {
  override name = "StorageApiError";
}

export function storageApiDeleter(
  options: { baseUrl: string; serviceRoleKey: string; timeoutMs?: number },
): StorageDeleter {
  const base = options.baseUrl.replace(/\/+$/, "");
  return {
    async remove(bucket, names) {
      if (names.length === 0) return;
      const res = await fetch(`${base}/object/${encodeURIComponent(bucket)}`, {
        method: "DELETE",
        headers: {
          authorization: `Bearer ${options.serviceRoleKey}`,
          apikey: options.serviceRoleKey,
          "content-type": "application/json",
        },
        body: JSON.stringify({ prefixes: names }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      const text = await res.text();
      // 200 with the deleted objects (an empty list when they were already gone).
      if (!res.ok) throw new StorageApiError(`Storage API ${res.status}: ${text.slice(0, 300)}`);
    },
  };
}
