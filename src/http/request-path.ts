// Request target → the decoded path a snapshot is keyed by, or why it is refused.
import { BadRequestError, UriTooLongError } from '../errors.js';

/**
 * Longest request target (path and query) accepted; longer is 414. The longest feed path is under 1 KiB
 * (names are cut at 100 characters), and nginx and Apache stop near 8 KiB too. Past Node's 16 KiB header
 * limit the parser answers 431 before this runs.
 */
export const MAX_TARGET_LENGTH = 8192;

// RFC 9112 §3.2.2: a server must accept the absolute form (`GET http://host/rss.xml`), which proxies send.
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/**
 * Decodes the path of a request target (query ignored). Malformed or overlong percent-encoding,
 * NUL and other control characters, and backslashes are 400s. Nothing here touches the file system:
 * the decoded path is only ever a key into the snapshot, so `..` simply names nothing.
 */
export function decodeRequestPath(url: string): string {
  if (url.length > MAX_TARGET_LENGTH) throw new UriTooLongError(`URI too long: the limit is ${MAX_TARGET_LENGTH} characters`);
  const origin = ABSOLUTE_FORM.exec(url);
  const target = origin ? url.slice(origin[0].length) || '/' : url;
  const q = target.indexOf('?');
  const raw = q === -1 ? target : target.slice(0, q);
  if (!raw.startsWith('/')) throw new BadRequestError('Bad request: the path must start with /');
  let path: string;
  try {
    path = raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    throw new BadRequestError('Bad request: malformed percent-encoding');
  }
  if (hasForbiddenChar(path)) throw new BadRequestError('Bad request: forbidden character in path');
  return path;
}

/** Whether a decoded path holds a C0 control (NUL included), DEL or a backslash: no served path does. */
function hasForbiddenChar(path: string): boolean {
  for (let i = 0; i < path.length; i++) {
    const unit = path.charCodeAt(i);
    if (unit <= 0x1f || unit === 0x7f || unit === 0x5c) return true;
  }
  return false;
}
