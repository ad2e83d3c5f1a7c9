// A local mailbox for development: each message becomes a folder (message.json with the headers, body.html,
// body.txt) in a git-ignored directory that the local stack serves at /mailbox/. Sending the same
// idempotency key twice keeps one message, as the real provider does.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EmailProvider, OutgoingEmail } from "./provider.ts";

export function createMailboxProvider(options: { dir: string }): EmailProvider {
  return {
    name: "mailbox",
    async send(email: OutgoingEmail) {
      const key = email.idempotencyKey.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 120);
      const folder = path.join(options.dir, key);
      const existing = await readFile(path.join(folder, "message.json"), "utf8").catch(() => null);
      if (existing) return { id: (JSON.parse(existing) as { id: string }).id };
      await mkdir(folder, { recursive: true });
      const id = `mailbox_${key}`;
      await writeFile(path.join(folder, "body.html"), email.html);
      await writeFile(path.join(folder, "body.txt"), email.text);
      await writeFile(
        path.join(folder, "message.json"),
        JSON.stringify(
          {
            id,
            date: new Date().toISOString(),
            from: email.from,
            to: email.to,
            subject: email.subject,
            headers: email.headers ?? {},
            tags: email.tags ?? {},
            idempotencyKey: email.idempotencyKey,
          },
          null,
          2,
        ),
      );
      return { id };
    },
  };
}
