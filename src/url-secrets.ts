// The secrets a URL can carry (a user name and password, a token in the query string): taken out of every
// URL feedwright prints (logs, errors, /status, `check --explain`), and split off the URLs it hands to git.
// One place, so that no printing path forgets one of them.

/** `scheme://` then the authority: userinfo is everything before its last `@` (RFC 3986 §3.2; as WHATWG). */
const WITH_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;
/** URLs inside a text (git's `fatal: unable to access '…'`), up to a quote, a space or an angle bracket. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;

/**
 * `url` as it may be printed: a password shown as `***` (`user:***@`), a user name alone too (a token is
 * often the user name: https://TOKEN@host), every query value replaced by `***` (access_token=,
 * X-Amz-Signature=, key=…), no fragment. Text that is not a URL is returned as it is.
 */
export function redactUrl(url: string): string {
  const noUser = url.replace(WITH_USERINFO, (_all, scheme: string, info: string) => {
    const colon = info.indexOf(':');
    return `${scheme}${colon === -1 ? '***' : `${info.slice(0, colon)}:***`}@`;
  });
  const hash = noUser.indexOf('#');
  const noFragment = hash === -1 ? noUser : noUser.slice(0, hash);
  const q = noFragment.indexOf('?');
  if (q === -1) return noFragment;
  const query = noFragment
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1 ? (pair === '' ? '' : `${pair}=***`) : `${pair.slice(0, eq)}=***`;
    })
    .join('&');
  return `${noFragment.slice(0, q)}?${query}`;
}

/** Every URL in `text` redacted (see redactUrl): for messages that quote one, such as git's. */
export function redactUrlsIn(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => redactUrl(url));
}

/** A URL without its user name and password, and those, decoded (as git decodes them). */
export interface SplitUrl {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}

/**
 * Splits the userinfo off an http(s) URL, so that the rest can go on a command line and into a checkout's
 * .git/config while the credentials go through the environment. Other schemes are returned whole: an ssh
 * user name (git@host) is not a secret, and ssh takes no password from a URL.
 */
export function splitUserinfo(url: string): SplitUrl {
  const m = WITH_USERINFO.exec(url);
  if (!m || !/^https?:\/\/$/i.test(m[1] as string)) return { url };
  const info = m[2] as string;
  if (info === '') return { url: url.replace(WITH_USERINFO, '$1') };
  const colon = info.indexOf(':');
  const username = decode(colon === -1 ? info : info.slice(0, colon));
  const password = colon === -1 ? undefined : decode(info.slice(colon + 1));
  return { url: url.replace(WITH_USERINFO, '$1'), username, ...(password === undefined ? {} : { password }) };
}

/** Percent-decoding as git's url_decode: a malformed escape is kept as it is written. */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
