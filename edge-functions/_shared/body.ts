// Request bodies read with a byte limit enforced while streaming (a client cannot make a function buffer
// more than the limit, whatever Content-Length says or omits), decoded as strict UTF-8, and checked for
// text Postgres cannot store (NUL, unpaired UTF-16 surrogates), so bad input is a 400, never a 500 later.
import { HttpError } from "./errors.ts";

const tooLarge = () => new HttpError(413, "payload_too_large", "The body is too large");

/** The body as text, at most `maxBytes` bytes (413 beyond, the rest is never read); 400 if not UTF-8. */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new HttpError(400, "invalid_encoding", "The body is not valid UTF-8");
  }
}

// With the u flag a well-formed surrogate pair is one code point; only unpaired halves match.
const LONE_SURROGATE = /\p{Cs}/u;

/** True when Postgres can store the text (text and jsonb refuse NUL and unpaired surrogates). */
export const isStorableText = (text: string) => !text.includes("\0") && !LONE_SURROGATE.test(text);

/**
 * The path of the first string (value or key) in a parsed JSON value that Postgres cannot store, or null.
 * Iterative: a deeply nested body must not overflow the stack.
 */
export function findUnstorableText(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (!isStorableText(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        const childPath = path ? `${path}.${k}` : k;
        if (!isStorableText(k)) return path || "(key)";
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}
