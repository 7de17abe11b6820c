// Request target → the decoded path a snapshot is keyed by, or why it is refused.
import { BadRequestError } from '../errors.js';

/**
 * Decodes the path of a request target (query ignored). Malformed or overlong percent-encoding,
 * NUL and other control characters, and backslashes are 400s. Nothing here touches the file system:
 * the decoded path is only ever a key into the snapshot, so `..` simply names nothing.
 */
export function decodeRequestPath(url: string): string {
  const q = url.indexOf('?');
  const raw = q === -1 ? url : url.slice(0, q);
  if (!raw.startsWith('/')) throw new BadRequestError('Bad request: the path must start with /');
  let path: string;
  try {
    path = raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    throw new BadRequestError('Bad request: malformed percent-encoding');
  }
  if (/[\u0000-\u001F\u007F\\]/.test(path)) throw new BadRequestError('Bad request: forbidden character in path');
  return path;
}
