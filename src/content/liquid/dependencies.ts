// What a post's rendering read, as keys, and what each key stands for now, as a fingerprint: a rescan
// re-renders a post exactly when one of its keys has another fingerprint than when it was rendered.
//   config:<key>   site.<key> from _config.yml          data:<key>   site.data.<key> (data:* all of it)
//   include:<name> _includes/<name>                      file:<path>  a file include_relative read
//   post:<name>    what post_url <name> finds            link:<path>  what link <path> finds
//   posts          site.posts (and categories, tags)     time         site.time
import { hash } from 'node:crypto';
import { cached } from '../../memo.js';
import { rubyJson } from './ruby.js';
import type { LiquidSite, SiteFiles } from './site.js';
import { linkTarget, postNamed } from './targets.js';

/** Each key read, with its fingerprint when it was read. */
export type Dependencies = readonly (readonly [key: string, fingerprint: string])[];

const MISSING = '-';

function digest(text: string): string {
  return hash('sha256', text, 'base64url').slice(0, 22);
}

/**
 * Fingerprints of the keys for one site, each made once (a site's values never change; `files` is read
 * once per key). A new site, or new files, need a new Fingerprints.
 */
export class Fingerprints {
  readonly #site: LiquidSite;
  readonly #files: SiteFiles;
  readonly #known = new Map<string, string>();

  constructor(site: LiquidSite, files: SiteFiles) {
    this.#site = site;
    this.#files = files;
  }

  of(key: string): string {
    return cached(this.#known, key, (k) => this.#make(k));
  }

  /** The dependencies of a rendering that read `keys`, in a stable order. */
  record(keys: Iterable<string>): Dependencies {
    return [...keys].sort().map((key) => [key, this.of(key)] as const);
  }

  /** Whether everything a rendering read is as it was. */
  current(deps: Dependencies): boolean {
    return deps.every(([key, fp]) => this.of(key) === fp);
  }

  #make(key: string): string {
    const site = this.#site;
    const colon = key.indexOf(':');
    const kind = colon < 0 ? key : key.slice(0, colon);
    const name = colon < 0 ? '' : key.slice(colon + 1);
    switch (kind) {
      case 'config':
        return valueFingerprint(name === '*' ? site.config : site.config[name]);
      case 'data':
        return valueFingerprint(name === '*' ? site.data : site.data[name]);
      case 'include': {
        const text = site.includes.get(name);
        return text === undefined ? MISSING : digest(text);
      }
      case 'file': {
        const text = this.#files.read(name);
        return text === undefined ? MISSING : digest(text);
      }
      case 'post':
        return postNamed(name, site)?.link ?? MISSING;
      case 'link':
        return linkTarget(name, site, this.#files) ?? MISSING;
      case 'posts':
        // What site.posts shows of each post, in its order: its fields and front matter, not its body
        // (another post's content is not rendered here), so a post's text edited re-renders no lister.
        return digest(
          site.posts
            .map((p) => [p.path, p.link, p.id, p.date, p.categories.join('\u0001'), p.tags.join('\u0001'), rubyJson(p.front ?? {})].join('\0'))
            .join('\n'),
        );
      case 'time':
        return String(site.time);
      default:
        return MISSING;
    }
  }
}

/** A value's fingerprint: its JSON (key order as read, which the same file always gives). */
function valueFingerprint(value: unknown): string {
  if (value === undefined) return MISSING;
  return digest(rubyJson(value));
}
