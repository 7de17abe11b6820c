// Is a webhook call signed or authorised with the shared secret? The three forms forges send, compared in
// constant time so the answer's timing says nothing about how much of a guess was right.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * True when any credential in the headers is valid:
 * - `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` (GitHub, Gitea, Forgejo);
 * - `X-Gitlab-Token: <secret>` (GitLab);
 * - `Authorization: Bearer <secret>` (curl, CI jobs, anything else).
 */
export function isAuthorized(headers: IncomingHttpHeaders, body: Buffer, secret: string): boolean {
  const signature = one(headers['x-hub-signature-256']);
  if (signature !== undefined && signatureMatches(signature, body, secret)) return true;
  const token = one(headers['x-gitlab-token']);
  if (token !== undefined && secretMatches(token, secret)) return true;
  const bearer = /^Bearer +(\S+) *$/i.exec(one(headers.authorization) ?? '')?.[1];
  return bearer !== undefined && secretMatches(bearer, secret);
}

function signatureMatches(header: string, body: Buffer, secret: string): boolean {
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(header.trim())?.[1];
  if (hex === undefined) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}

/** timingSafeEqual needs equal lengths; comparing digests keeps the secret's length out of the timing too. */
function secretMatches(given: string, secret: string): boolean {
  return timingSafeEqual(sha256(given), sha256(secret));
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** A header sent twice arrives as one joined string or an array; either way it is not a credential. */
function one(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
