// Request bodies: size checked while streaming (the rest is never read), strict UTF-8, and text Postgres
// cannot store (NUL, unpaired surrogates) refused with 400.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { findUnstorableText, readBodyText } from "../../edge-functions/_shared/body.ts";
import { readJson } from "../../edge-functions/_shared/http.ts";
import { countingBody, streamingPost as post } from "../support/bodies.ts";

const schema = z.object({ destination: z.string() }).loose();

describe("readBodyText", () => {
  it("stops reading past the limit and answers 413, without Content-Length", async () => {
    const { stream, counter } = countingBody(64 * 1024 * 1024);
    const err = await readBodyText(post(stream), 1_000_000).catch((e) => e);
    expect(err).toMatchObject({ status: 413, code: "payload_too_large" });
    // At most the limit plus the chunk that crossed it (and one the stream may have queued), not 64 MiB.
    expect(counter.pulled).toBeLessThanOrEqual(1_000_000 + 3 * 65_536);
  });

  it("answers 413 from a Content-Length over the limit before reading anything", async () => {
    const { stream, counter } = countingBody(2_000_000);
    const req = post(stream, { "content-length": "2000000" });
    await expect(readBodyText(req, 1_000_000)).rejects.toMatchObject({ status: 413 });
    expect(counter.pulled).toBeLessThanOrEqual(65_536);
  });

  it("reads a body within the limit whole", async () => {
    const { stream } = countingBody(200_000, 0x61);
    expect(await readBodyText(post(stream), 1_000_000)).toBe(
      "a".repeat(200_000 + 65_536 - (200_000 % 65_536)),
    );
  });

  it("refuses bytes that are not UTF-8 with 400", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]);
    await expect(readBodyText(post(bytes), 1000)).rejects.toMatchObject({
      status: 400,
      code: "invalid_encoding",
    });
  });
});

describe("readJson with text Postgres cannot store", () => {
  const call = (text: string) => readJson(post(text), schema);

  it.each([
    ["a lone high surrogate", '{"destination":"\\ud800"}'],
    ["a lone low surrogate", '{"destination":"x\\udc00y"}'],
    ["a surrogate pair in the wrong order", '{"destination":"\\ude00\\ud83d"}'],
    ["a NUL", '{"destination":"Lis\\u0000bon"}'],
    ["a lone surrogate deep inside", '{"destination":"x","a":[{"b":["ok","\\ud800"]}]}'],
    ["a lone surrogate in a key", '{"destination":"x","\\ud800":1}'],
    ["a NUL in a key", '{"destination":"x","a\\u0000":1}'],
  ])("refuses %s with 400 invalid_json", async (_name, text) => {
    await expect(call(text)).rejects.toMatchObject({ status: 400, code: "invalid_json" });
  });

  it("keeps well-formed text, including pairs and escaped backslashes", async () => {
    await expect(call('{"destination":"Lisboa \\ud83d\\ude00 \\\\u0000"}')).resolves.toEqual({
      destination: "Lisboa 😀 \\u0000",
    });
  });

  it("stops reading a JSON body past 1 MB (413)", async () => {
    const { stream, counter } = countingBody(32 * 1024 * 1024);
    await expect(readJson(post(stream), schema)).rejects.toMatchObject({ status: 413 });
    expect(counter.pulled).toBeLessThanOrEqual(1_000_000 + 3 * 65_536);
  });

  it("checks a deeply nested body without overflowing the stack", async () => {
    const deep = (inner: string) =>
      `{"destination":"x","a":${"[".repeat(100_000)}${inner}${"]".repeat(100_000)}}`;
    await expect(call(deep(""))).resolves.toMatchObject({ destination: "x" });
    await expect(call(deep('"\\ud800"'))).rejects.toMatchObject({ status: 400, code: "invalid_json" });
  });

  it("finds the path of the bad string", () => {
    expect(findUnstorableText({ a: [{ b: "ok" }, { c: "\ud800" }] })).toBe("a.1.c");
    expect(findUnstorableText({ a: ["ok", 1, null, true] })).toBeNull();
  });
});
