// The bucket through the official SDK: the manifest, and one object at a time. Nothing here lists the bucket.
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { keyOf, type BucketTarget, type Connection } from './target.js';
import { MANIFEST_NAME, type ObjectRecord } from './manifest.js';

export class S3Store {
  readonly #client: S3Client;

  constructor(
    readonly target: BucketTarget,
    readonly connection: Connection,
  ) {
    this.#client = new S3Client({
      ...(connection.endpoint !== undefined ? { endpoint: connection.endpoint } : {}),
      ...(connection.region !== undefined ? { region: connection.region } : {}),
      forcePathStyle: connection.pathStyle,
      // Newer SDKs add CRC32 checksums (and aws-chunked bodies) to every upload by default, which several
      // S3-compatible stores (older MinIO, Ceph, s3rver) refuse; the bodies are small and sent in one
      // piece, so send a checksum only where the API requires one.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Where requests go, for messages. */
  get endpointText(): string {
    return this.connection.endpoint?.replace(/\/$/, '') ?? `AWS S3 (${this.connection.region ?? 'region from the AWS config'})`;
  }

  /** The manifest's text, or undefined when there is none (a first publish). */
  async readManifest(): Promise<string | undefined> {
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: this.target.bucket, Key: keyOf(this.target, MANIFEST_NAME) }));
      return out.Body ? await out.Body.transformToString('utf8') : '';
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
      throw err;
    }
  }

  async writeManifest(text: string): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.target.bucket,
        Key: keyOf(this.target, MANIFEST_NAME),
        Body: Buffer.from(text),
        ContentType: 'application/json; charset=utf-8',
        // Nobody should fetch it through a CDN; if someone does, a stale copy must not be kept.
        CacheControl: 'no-store',
      }),
    );
  }

  /** Uploads one object; resolves to the store's ETag. */
  async put(rel: string, body: Buffer, record: ObjectRecord): Promise<string | undefined> {
    const out = await this.#client.send(
      new PutObjectCommand({
        Bucket: this.target.bucket,
        Key: keyOf(this.target, rel),
        Body: body,
        ContentType: record.contentType,
        CacheControl: record.cacheControl,
        ...(record.contentEncoding !== undefined ? { ContentEncoding: record.contentEncoding } : {}),
        ...(Object.keys(record.metadata).length > 0 ? { Metadata: { ...record.metadata } } : {}),
      }),
    );
    return out.ETag;
  }

  async delete(rel: string): Promise<void> {
    // One DeleteObject per key rather than DeleteObjects: that one needs a Content-MD5 or checksum header
    // that stores disagree on, and a site rarely loses more than a few documents at once.
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.target.bucket, Key: keyOf(this.target, rel) }));
  }

  close(): void {
    this.#client.destroy();
  }
}
