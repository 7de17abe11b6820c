// Secrets out of every line publish/ prints (logs, warnings, /status, the terminal): a CDN API that echoes
// the request back puts its token in the answer, and the answer's start is what a failure line quotes.
// The values we sent are known and are removed in every spelling an echo may use; Authorization-like
// headers, bearer schemes and token-like query parameters are removed by shape as well, for what a
// command prints or a server adds on its own.

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

/** A URL as it may be printed: no user name or password, no secret-named query parameter values. */
export function redactUrl(url: string): string {
  return redactShapes(url);
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
