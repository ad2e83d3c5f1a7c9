// Request bodies for tests of body reading: a stream that counts what was read from it.

/** A body of `total` bytes in 64 KiB chunks, with no Content-Length; counts the bytes handed out. */
export function countingBody(total: number, fill = 0x20) {
  const counter = { pulled: 0 };
  const chunk = new Uint8Array(65_536).fill(fill);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk.slice());
    },
  });
  return { stream, counter };
}

/** A POST with a JSON content type and the given body (a stream needs duplex: "half" on Node). */
export const streamingPost = (body: BodyInit, headers: Record<string, string> = {}, url = "http://x") =>
  new Request(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
    duplex: "half",
  } as RequestInit);
