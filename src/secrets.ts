// Secrets out of every line feedwright prints (logs, errors, warnings, /status, `check --explain`, the
// terminal), in one place so that no printing path forgets one: the credentials a URL carries (a user name
// and password, tokens in the query string), those a server echoes back (a CDN API repeating the request
// with its token), and those of a config value; and the userinfo split off the URLs handed to git, so that
// credentials go through the environment and never onto a command line or into .git/config.

/** Header names whose values are credentials. */
const SECRET_HEADER = /^(?:authorization|proxy-authorization|cookie|set-cookie|x-amz-security-token)$|token|secret|passw|api[-_]?key|auth[-_]?key|signature/i;
/** Query parameter names whose values are credentials (`?access_token=…`, `&sig=…`, `&X-Amz-Signature=…`). */
const SECRET_PARAM = /token|secret|passw|pwd|key|sig|auth|credential|session/i;
/** Shorter values are not redacted by value: they would blot out common text and guard no real secret. */
const MIN_SECRET_LENGTH = 4;
const HIDDEN = '***';

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

export function isSecretParam(name: string): boolean {
  return SECRET_PARAM.test(name);
}

/** Removes known secret values, and whatever has the shape of one, from text about to be printed. */
export class Redactor {
  readonly #spellings: readonly string[];

  constructor(secrets: Iterable<string> = []) {
    const spellings = new Set<string>();
    for (const s of secrets) {
      if (s.length < MIN_SECRET_LENGTH) continue;
      // As sent, percent-encoded (a URL echoed), JSON-escaped (a body echoed inside a JSON answer), both.
      for (const form of [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1), new URLSearchParams({ s }).toString().slice(2)]) spellings.add(form);
    }
    // Longest first: a secret that contains another is removed whole.
    this.#spellings = [...spellings].sort((a, b) => b.length - a.length);
  }

  text(text: string): string {
    let out = text;
    for (const s of this.#spellings) out = out.split(s).join(HIDDEN);
    return redactShapes(out);
  }
}

/** Credentials by their shape: auth schemes, secret-named query parameters, headers and JSON fields. */
export function redactShapes(text: string): string {
  return (
    text
      // `Bearer abc`, `Basic dXNl…`, `token abc` (GitHub's scheme): the scheme stays, the credentials go.
      .replace(/\b(Bearer|Basic|Digest|Token|Bot)(\s+)[^\s"',;]+/gi, (_all, scheme: string, space: string) => `${scheme}${space}${HIDDEN}`)
      // `?access_token=…&…` in any URL or form body quoted.
      .replace(/([?&;]([^=&\s"'<>?#]+)=)([^&\s"'<>#]+)/g, (all, head: string, name: string) => (SECRET_PARAM.test(name) ? `${head}${HIDDEN}` : all))
      // `"x-auth-key": "…"` (a JSON echo of headers) and `X-Api-Key: …` (a header block echoed as text).
      .replace(/("?)([A-Za-z][\w-]*)\1(\s*[:=]\s*)("?)([^"\s,;&}]+)/g, (all, q: string, name: string, sep: string, vq: string) =>
        isSecretHeader(name) ? `${q}${name}${q}${sep}${vq}${HIDDEN}` : all,
      )
      // `https://user:password@host`: the user name may be a token too (GitHub's `https://TOKEN@github.com`).
      .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@"'<>]+@/gi, (_all, scheme: string) => `${scheme}${HIDDEN}@`)
  );
}

/** `{{env.NAME}}` in a publish.purge template: a name, not a secret, so shown. */
const TEMPLATE_PART = /(\{\{[^}]*\}\})/;

/**
 * A publish.purge template as `check --explain` may print it: `{{env.NAME}}` stays (it names where the
 * secret is), literal credentials go. `secret`: the value of an Authorization-like header, whose literal
 * text (but its scheme) is hidden whatever its shape.
 */
export function redactTemplate(template: string, secret: boolean): string {
  return template
    .split(TEMPLATE_PART)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      if (!secret) return redactShapes(part);
      const [, scheme = '', rest = ''] = /^(\s*(?:(?:Bearer|Basic|Digest|Token|Bot)(?:\s+|$))?)(.*)$/is.exec(part) ?? [];
      return rest.trim() === '' ? part : `${scheme}${HIDDEN}`;
    })
    .join('');
}

/** `scheme://` then the authority: userinfo is everything before its last `@` (RFC 3986 §3.2; as WHATWG). */
const WITH_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;
/** URLs inside a text (git's `fatal: unable to access '…'`), up to a quote, a space or an angle bracket. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;

/**
 * `url` as it may be printed: its userinfo shown as `***` (a token is often the user name, as in
 * https://TOKEN@host, and an S3 endpoint's user name is an access key id), every query value replaced by
 * `***` (access_token=, X-Amz-Signature=, key=…), no fragment. Text that is not a URL is returned as it is.
 */
export function redactUrl(url: string): string {
  const noUser = url.replace(WITH_USERINFO, (_all, scheme: string) => `${scheme}${HIDDEN}@`);
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
