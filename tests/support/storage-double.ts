// A Storage API double on 127.0.0.1: DELETE /storage/v1/object/<bucket> { prefixes } as the purge-worker
// calls it, with the service role key checked, every request recorded and a switch to fail the next ones.
// Like the real service it deletes the storage.objects rows of what it removes (through the given callback).
import { createServer, type Server } from "node:http";

export interface StorageDouble {
  url: string;
  /** DELETE requests received: bucket, names, status answered. */
  deletes: { bucket: string; names: string[]; status: number }[];
  failNext(count: number, status?: 500 | 503): void;
  close(): Promise<void>;
}

export async function startStorageDouble(options: {
  serviceRoleKey: string;
  onDelete?: (bucket: string, names: string[]) => Promise<void>;
}): Promise<StorageDouble> {
  const failures = { count: 0, status: 500 };
  const double: StorageDouble = {
    url: "",
    deletes: [],
    failNext(count, status = 500) {
      Object.assign(failures, { count, status });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", async () => {
      const m = (req.url ?? "").match(/^\/storage\/v1\/object\/([^/?]+)$/);
      const send = (status: number, json: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
      if (req.method !== "DELETE" || !m) {
        return send(404, { statusCode: "404", error: "not_found", message: "Not found" });
      }
      if (req.headers.authorization !== `Bearer ${options.serviceRoleKey}`) {
        return send(403, { statusCode: "403", error: "Unauthorized", message: "invalid signature" });
      }
      const bucket = decodeURIComponent(m[1]);
      const names = (JSON.parse(body || "{}").prefixes ?? []) as string[];
      if (failures.count > 0) {
        failures.count--;
        double.deletes.push({ bucket, names, status: failures.status });
        return send(failures.status, {
          statusCode: String(failures.status),
          error: "internal",
          message: "boom",
        });
      }
      await options.onDelete?.(bucket, names);
      double.deletes.push({ bucket, names, status: 200 });
      send(200, names.map((name) => ({ name, bucket_id: bucket })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  double.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/storage/v1`;
  return double;
}
