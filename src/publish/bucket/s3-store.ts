// The bucket through the official SDK: the manifest, and one object at a time. Nothing here lists the bucket.
// Every call has a deadline (a stalled store — a frozen server, a dropped route — fails it instead of
// holding a publish for ever) and is aborted by close().
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { keyOf, type BucketTarget, type Connection } from './target.js';
import { MANIFEST_NAME, type ObjectRecord } from './manifest.js';
import { redactUrl } from '../../secrets.js';

export interface Deadlines {
  /** One S3 call, the SDK's own quick retries included, from the first byte sent to the last received. */
  readonly timeoutMs: number;
  /** Opening a connection (a store that drops packets is found out sooner than by timeoutMs). */
  readonly connectTimeoutMs: number;
}

export const DEFAULT_DEADLINES: Deadlines = { timeoutMs: 30_000, connectTimeoutMs: 5_000 };

/**
 * The manifest is read whole into memory, so its size is bounded: about 500 bytes a document, this is
 * room for some 250,000 documents. A larger object is not one feedwright wrote.
 */
export const MAX_MANIFEST_BYTES = 128 * 1024 * 1024;

/** What `readManifest` found. */
export type ManifestText = { readonly text: string } | { readonly tooLarge: number } | undefined;

export class S3Store {
  readonly #client: S3Client;
  readonly #deadlines: Deadlines;
  /** Aborted by close(): every call in flight ends at once. */
  readonly #closing = new AbortController();

  constructor(
    readonly target: BucketTarget,
    readonly connection: Connection,
    deadlines: Deadlines = DEFAULT_DEADLINES,
    /** The most the manifest may be, in bytes (tests make it small). */
    readonly maxManifestBytes = MAX_MANIFEST_BYTES,
  ) {
    this.#deadlines = deadlines;
    this.#client = new S3Client({
      ...(connection.endpoint !== undefined ? { endpoint: connection.endpoint } : {}),
      ...(connection.region !== undefined ? { region: connection.region } : {}),
      forcePathStyle: connection.pathStyle,
      // Newer SDKs add CRC32 checksums (and aws-chunked bodies) to every upload by default, which several
      // S3-compatible stores (older MinIO, Ceph, s3rver) refuse; the bodies are small and sent in one
      // piece, so send a checksum only where the API requires one.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Without these the SDK waits for an answer for ever (its defaults are 0: no limit). The request
      // timeout only warns unless told to throw.
      requestHandler: { connectionTimeout: deadlines.connectTimeoutMs, requestTimeout: deadlines.timeoutMs, throwOnRequestTimeout: true },
    });
  }

  /** Where requests go, for messages (without credentials, should the endpoint URL carry any). */
  get endpointText(): string {
    return redactUrl(this.connection.endpoint?.replace(/\/$/, '') ?? `AWS S3 (${this.connection.region ?? 'region from the AWS config'})`);
  }

  get deadlines(): Deadlines {
    return this.#deadlines;
  }

  /** The manifest's text, `tooLarge` when it is over maxManifestBytes, or undefined when there is none (a first publish). */
  async readManifest(): Promise<ManifestText> {
    const limit = this.maxManifestBytes;
    return this.#call(async (abortSignal) => {
      try {
        const out = await this.#client.send(new GetObjectCommand({ Bucket: this.target.bucket, Key: keyOf(this.target, MANIFEST_NAME) }), { abortSignal });
        if (out.ContentLength !== undefined && out.ContentLength > limit) {
          await out.Body?.transformToWebStream().cancel();
          return { tooLarge: out.ContentLength };
        }
        if (!out.Body) return { text: '' };
        // Counted as it arrives too: a store may send no Content-Length, or a wrong one.
        const chunks: Uint8Array[] = [];
        let size = 0;
        for await (const chunk of out.Body.transformToWebStream() as unknown as AsyncIterable<Uint8Array>) {
          size += chunk.length;
          if (size > limit) return { tooLarge: size };
          chunks.push(chunk);
        }
        return { text: Buffer.concat(chunks).toString('utf8') };
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
        throw err;
      }
    });
  }

  async writeManifest(text: string): Promise<void> {
    await this.#call((abortSignal) =>
      this.#client.send(
        new PutObjectCommand({
          Bucket: this.target.bucket,
          Key: keyOf(this.target, MANIFEST_NAME),
          Body: Buffer.from(text),
          ContentType: 'application/json; charset=utf-8',
          // Nobody should fetch it through a CDN; if someone does, a stale copy must not be kept.
          CacheControl: 'no-store',
        }),
        { abortSignal },
      ),
    );
  }

  /** Uploads one object; resolves to the store's ETag. */
  async put(rel: string, body: Buffer, record: ObjectRecord): Promise<string | undefined> {
    const out = await this.#call((abortSignal) =>
      this.#client.send(
        new PutObjectCommand({
          Bucket: this.target.bucket,
          Key: keyOf(this.target, rel),
          Body: body,
          ContentType: record.contentType,
          CacheControl: record.cacheControl,
          ...(record.contentEncoding !== undefined ? { ContentEncoding: record.contentEncoding } : {}),
          ...(Object.keys(record.metadata).length > 0 ? { Metadata: { ...record.metadata } } : {}),
        }),
        { abortSignal },
      ),
    );
    return out.ETag;
  }

  async delete(rel: string): Promise<void> {
    // One DeleteObject per key rather than DeleteObjects: that one needs a Content-MD5 or checksum header
    // that stores disagree on, and a site rarely loses more than a few documents at once.
    const command = new DeleteObjectCommand({ Bucket: this.target.bucket, Key: keyOf(this.target, rel) });
    await this.#call((abortSignal) => this.#client.send(command, { abortSignal }));
  }

  /** Ends every call in flight (they fail with `stopped`) and frees the connections. */
  close(): void {
    this.#closing.abort();
    this.#client.destroy();
  }

  /**
   * `work` under the call's deadline and close(). A deadline that passes becomes one error that says so
   * (s3-errors.ts), rather than whichever the SDK raised while its request was torn down.
   */
  async #call<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = AbortSignal.timeout(this.#deadlines.timeoutMs);
    try {
      return await work(AbortSignal.any([this.#closing.signal, deadline]));
    } catch (err) {
      if (this.#closing.signal.aborted) throw Object.assign(new Error('stopped: feedwright is stopping', { cause: err }), { name: 'Stopped' });
      if (deadline.aborted) {
        const { timeoutMs } = this.#deadlines;
        throw Object.assign(new Error(`no answer within ${timeoutMs} ms`, { cause: err }), { name: 'TimeoutError', timeoutMs });
      }
      throw err;
    }
  }
}
