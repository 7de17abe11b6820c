// An S3 SDK error as one line a person can act on: which of credentials, bucket, network or the store.
import { redactShapes } from '../../secrets.js';
import type { BucketTarget } from './target.js';

interface SdkError {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  /** Set by s3-store.ts on a call whose deadline passed. */
  readonly timeoutMs?: number;
}

const NETWORK = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|socket hang up|TimeoutError|aborted/i;

export function s3ErrorLine(err: unknown, target: BucketTarget, endpoint: string): string {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SdkError;
  const name = e.name ?? 'Error';
  // An S3-compatible store's message may quote the request back (a URL with a token in it).
  const message = redactShapes(firstLine(e.message ?? ''));
  const status = e.$metadata?.httpStatusCode;
  if (name === 'TimeoutError' && e.timeoutMs !== undefined) return `${endpoint} did not answer within ${e.timeoutMs} ms (publish.timeoutMs)`;
  if (name === 'Stopped') return 'stopped: feedwright is stopping';
  if (name === 'NoSuchBucket') return `bucket ${target.bucket} does not exist at ${endpoint}`;
  if (['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken', 'InvalidClientTokenId'].includes(name)) {
    return `${endpoint} refused the credentials (${name}): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE`;
  }
  // Without s3:ListBucket, AWS answers a missing key (a first publish's manifest) with 403, not 404.
  if (name === 'AccessDenied' || status === 403) {
    return `${endpoint} denied access to ${target.bucket} (${name}): the credentials need s3:GetObject, s3:PutObject, s3:DeleteObject there, and s3:ListBucket for a first publish`;
  }
  if (name === 'CredentialsProviderError') return `no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE): ${message}`;
  // The SDK's own check before sending anything, with no endpoint and no region anywhere (config, AWS_REGION,
  // the profile): nothing was asked of any store, so no store can have answered.
  if (status === undefined && /\bregion is missing\b/i.test(message)) {
    return 'no region for AWS S3 and no endpoint for another store: set publish.region or AWS_REGION (or a region in the AWS profile), or publish.endpoint or AWS_ENDPOINT_URL_S3 for an S3-compatible store';
  }
  if (NETWORK.test(`${name} ${e.code ?? ''} ${message}`))
    return `cannot reach ${endpoint}: ${e.code ?? name}${message && message !== e.code ? ` (${message})` : ''}`;
  // No HTTP status: the call failed before any answer (the SDK's own checks, a signing error).
  if (status === undefined) return `the call to ${endpoint} failed before any answer: ${name}${message ? `: ${message}` : ''}`;
  return `${endpoint} answered ${status}: ${name}${message ? `: ${message}` : ''}`;
}

function firstLine(s: string): string {
  return s.split('\n')[0]?.trim() ?? '';
}
