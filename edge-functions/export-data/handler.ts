// GET or POST /export-data (user JWT): the caller's data export, one zip streamed as it is built
// (edge-functions/_export). One export per user per hour (Postgres; 429 + Retry-After otherwise), logged
// in the activity log. A suspended or deleted account gets 403. An error after the first byte can only
// cut the download short (the status is already sent): it is logged, and the zip is then invalid.
import { asUser, type Sql } from "../_shared/db.ts";
import { HttpError, methodNotAllowed } from "../_shared/errors.ts";
import { createFunction } from "../_shared/http.ts";
import { type JwtVerifier, requireUser } from "../_shared/jwt.ts";
import type { Logger } from "../_shared/log.ts";
import { writeExport } from "../_export/export.ts";
import { ZipStreamWriter } from "../_export/zip-stream.ts";

export interface ExportDataDeps {
  sql: Sql;
  verify: JwtVerifier;
  logger?: Logger;
  now?: () => Date;
}

/** Bytes the stream holds before the producer waits for the client. */
const BUFFER_BYTES = 512 * 1024;

export function createExportDataHandler(deps: ExportDataDeps) {
  const now = deps.now ?? (() => new Date());
  return createFunction("export-data", async (req, { log }) => {
    if (req.method !== "GET" && req.method !== "POST") throw methodNotAllowed(["GET", "POST"]);
    const claims = await requireUser(req, deps.verify);

    let retryAfter: number;
    try {
      retryAfter = await asUser(deps.sql, claims, async (tx) => {
        const [row] = await tx<{ wait: number }[]>`select private.start_data_export() as wait`;
        return row.wait;
      });
    } catch (err) {
      if ((err as { code?: string }).code === "42501") {
        throw new HttpError(
          403,
          "account_inactive",
          "This account cannot export data (suspended or deleted)",
        );
      }
      throw err;
    }
    if (retryAfter > 0) {
      log.info("export rate limited", { user_id: claims.sub, retry_after: retryAfter });
      throw new HttpError(429, "rate_limited", "One data export per hour: try again later", {
        headers: { "Retry-After": String(retryAfter) },
      });
    }

    const started = performance.now();
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>(
      undefined,
      new ByteLengthQueuingStrategy({ highWaterMark: BUFFER_BYTES }),
    );
    const writer = writable.getWriter();
    const at = now();
    writeExport(deps.sql, claims, new ZipStreamWriter(writer), at).then(
      (counts) =>
        log.info("export written", {
          user_id: claims.sub,
          counts,
          ms: Math.round(performance.now() - started),
        }),
      (err) => {
        log.error("export failed", { err, user_id: claims.sub });
        writer.abort(err).catch(() => {});
      },
    );
    return new Response(readable, {
      status: 200,
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": `attachment; filename="tripmaster-export-${
          at.toISOString().slice(0, 10)
        }.zip"`,
        "Cache-Control": "no-store",
      },
    });
  }, { logger: deps.logger });
}
