// A document's bytes: identity as chunks (post contents are shared between feeds, not copied), and its
// gzip and brotli forms, made on first demand and then kept. The bytes never change once built; the
// compressed forms are functions of them, so computing them later does not make a snapshot mutable in
// any way a reader can see.
import { compress, type Compression } from './compress.js';

export class DocumentBody {
  readonly chunks: readonly Buffer[];
  readonly length: number;
  readonly #encoded: Partial<Record<Compression, Buffer | Promise<Buffer>>> = {};

  constructor(chunks: readonly Buffer[]) {
    this.chunks = chunks;
    this.length = chunks.reduce((n, c) => n + c.length, 0);
  }

  /** The identity bytes in one buffer (for the static export and tests; serving writes the chunks). */
  bytes(): Buffer {
    return this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks as Buffer[], this.length);
  }

  /** The compressed bytes: a Buffer when ready, else the one promise every request for it shares. */
  encoded(encoding: Compression): Buffer | Promise<Buffer> {
    const known = this.#encoded[encoding];
    if (known) return known;
    const pending = compress(this.bytes(), encoding).then(
      (out) => {
        this.#encoded[encoding] = out;
        return out;
      },
      (err: unknown) => {
        delete this.#encoded[encoding];
        throw err;
      },
    );
    this.#encoded[encoding] = pending;
    return pending;
  }

  /** Whether a compressed form is already made (for tests and the benchmark). */
  isEncoded(encoding: Compression): boolean {
    return Buffer.isBuffer(this.#encoded[encoding]);
  }
}
