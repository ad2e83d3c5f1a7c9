// A zip archive written as a stream (fflate's streaming Zip): files one after another, each deflated as
// it is written, bytes handed to a WritableStream as they come. Each write waits for the stream to take
// the bytes (backpressure), so a slow client slows the producer instead of growing memory.
import { Zip, ZipDeflate } from "fflate";

const encoder = new TextEncoder();
/** Text is gathered into chunks of this size before it is deflated (tiny pushes compress badly and slowly). */
const CHUNK = 64 * 1024;

export interface ZipFileWriter {
  /** Appends text (UTF-8) to the file. */
  write(text: string): Promise<void>;
  /** Ends the file; the next one may start. */
  close(): Promise<void>;
}

export class ZipStreamWriter {
  readonly #zip: Zip;
  readonly #out: WritableStreamDefaultWriter<Uint8Array>;
  #pending: Uint8Array[] = [];
  #error: Error | null = null;
  #open = false;

  constructor(out: WritableStreamDefaultWriter<Uint8Array>) {
    this.#out = out;
    this.#zip = new Zip((err, chunk) => {
      if (err) this.#error = err;
      else this.#pending.push(chunk);
    });
  }

  async #flush(): Promise<void> {
    if (this.#error) throw this.#error;
    const chunks = this.#pending;
    this.#pending = [];
    for (const c of chunks) await this.#out.write(c);
  }

  /** Starts a file; only one file is open at a time (fflate would buffer the others whole). */
  file(name: string, mtime = new Date()): ZipFileWriter {
    if (this.#open) throw new Error("zip: close the previous file first");
    this.#open = true;
    const entry = new ZipDeflate(name, { level: 6 });
    entry.mtime = mtime;
    this.#zip.add(entry);
    let buffer = "";
    const push = async (final: boolean) => {
      entry.push(encoder.encode(buffer), final);
      buffer = "";
      await this.#flush();
    };
    return {
      write: async (text: string) => {
        buffer += text;
        if (buffer.length >= CHUNK) await push(false);
      },
      close: async () => {
        await push(true);
        this.#open = false;
      },
    };
  }

  /** Writes the central directory and closes the stream. */
  async end(): Promise<void> {
    this.#zip.end();
    await this.#flush();
    await this.#out.close();
  }
}
