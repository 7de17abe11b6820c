// Jekyll's front matter defaults (`defaults:` in _config.yml, frontmatter_defaults.rb): values a post gets
// from the sets whose scope matches its path and type, under its own front matter.
import picomatch from 'picomatch';

export interface DefaultsSet {
  readonly scope?: { readonly path?: string | undefined; readonly type?: string | undefined } | undefined;
  readonly values: Readonly<Record<string, unknown>>;
}

type Data = Readonly<Record<string, unknown>>;

/**
 * `data` over the defaults that apply to the file at `rel` (relative to the site root) of collection
 * `type` (Jekyll's posts and drafts are both `posts`). The same object when no set applies.
 */
export function withDefaults(data: Data, rel: string, type: string, sets: readonly DefaultsSet[]): Data {
  if (sets.length === 0) return data;
  let defaults: Data = {};
  let winner: DefaultsSet['scope'] | undefined;
  let any = false;
  for (const set of sets) {
    if (!applies(set.scope, rel, type)) continue;
    // Jekyll's `all`: a set of higher precedence is laid over what came before, a lower one under it.
    if (!any || hasPrecedence(winner, set.scope)) {
      defaults = deepMerge(defaults, set.values);
      winner = set.scope;
    } else {
      defaults = deepMerge(set.values, defaults);
    }
    any = true;
  }
  return any ? deepMerge(defaults, data) : data;
}

function applies(scope: DefaultsSet['scope'], rel: string, type: string): boolean {
  if (!scope) return true;
  if (scope.type !== undefined && scope.type !== type) return false;
  const scopePath = sanitize(scope.path);
  if (scopePath === '') return true;
  // Jekyll globs the scope (Dir.glob) and checks whether the path starts with one of the matches; a match
  // is the file itself or a folder above it.
  if (scopePath.includes('*')) {
    const match = picomatch(scopePath, { dot: false });
    const parts = rel.split('/');
    return parts.some((_, i) => match(parts.slice(0, i + 1).join('/')));
  }
  // A plain string prefix, as Jekyll's path_is_subpath? (`_posts/2024` covers `_posts/2024-01-02-x.md`).
  return rel.startsWith(scopePath);
}

/** Jekyll's has_precedence?: the longer path wins; at equal length, a scope with a type. */
function hasPrecedence(old: DefaultsSet['scope'] | undefined, next: DefaultsSet['scope'] | undefined): boolean {
  const newPath = sanitize(next?.path);
  const oldPath = sanitize(old?.path);
  if (newPath.length !== oldPath.length) return newPath.length >= oldPath.length;
  if (next?.type !== undefined) return true;
  return old?.type === undefined;
}

function sanitize(path: string | undefined): string {
  return path === undefined ? '' : path.replace(/^\//, '');
}

/** Jekyll's Utils.deep_merge_hashes: `over` wins, maps are merged key by key. */
function deepMerge(base: Data, over: Data): Data {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const below = out[key];
    const merged = isMap(below) && isMap(value) ? deepMerge(below, value) : value;
    // Defined, not assigned: a `__proto__` key stays a key.
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isMap(v: unknown): v is Data {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
