// Where `feedwright publish` uploads: the s3:// target, the endpoint, and how the bucket is addressed.
import { isIP } from 'node:net';
import type { Config } from '../../config/schema.js';

export interface BucketTarget {
  readonly bucket: string;
  /** Key prefix without leading or trailing slash; '' for the bucket's root. */
  readonly prefix: string;
}

/** `s3://bucket/prefix` → its parts; a string says why it is not a target. */
export function parseTarget(text: string): BucketTarget | string {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(text);
  if (!m) return `${text}: not an s3://bucket/prefix target`;
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  // '..' or '.' segments would make keys a CDN or a static website resolves elsewhere than they were written.
  if (prefix.split('/').some((s) => s === '.' || s === '..' || (prefix !== '' && s === ''))) return `${text}: the prefix has an empty, . or .. segment`;
  return { bucket: m[1] as string, prefix };
}

export function targetText(t: BucketTarget): string {
  return `s3://${t.bucket}${t.prefix ? `/${t.prefix}` : ''}`;
}

/** The object key of a path relative to the target (`tags/x/rss.xml`). */
export function keyOf(t: BucketTarget, rel: string): string {
  return t.prefix ? `${t.prefix}/${rel}` : rel;
}

export interface Connection {
  /** undefined: the SDK's own choice (AWS, from the region). */
  readonly endpoint: string | undefined;
  readonly region: string | undefined;
  readonly pathStyle: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The endpoint and addressing from the config, else the SDK's own variables. The SDK would read
 * AWS_ENDPOINT_URL(_S3) itself, but path-style depends on the endpoint, so it is resolved here.
 */
export function connectionOf(publish: Config['publish'], env: Env): Connection {
  const endpoint = publish.endpoint ?? (env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined);
  // A virtual-hosted address (bucket.host) cannot resolve for an IP or localhost: MinIO, s3rver, Ceph on a LAN.
  const host = endpoint === undefined ? undefined : new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  const local = host !== undefined && (isIP(host) !== 0 || host === 'localhost' || host.endsWith('.localhost'));
  const pathStyle = publish.pathStyle ?? (env.FEEDWRIGHT_S3_PATH_STYLE === '1' || local);
  // A non-AWS endpoint with no region anywhere: us-east-1 is what MinIO, Ceph and R2 ('auto' too) accept.
  const region = publish.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || (endpoint !== undefined ? 'us-east-1' : undefined));
  return { endpoint, region, pathStyle };
}
