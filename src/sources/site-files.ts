// The files of a Jekyll site that posts' Liquid reads besides the posts: _config.yml, _data/ and
// _includes/ read again at every rescan (only what changed, by size and time), and a door to any other
// file of the site (include_relative, link). As Jekyll's safe mode: nothing through a symbolic link, and
// nothing outside the site's folder.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../errors.js';
import { DATA_EXTENSIONS, siteConfig, siteData, type DataFile } from '../content/liquid/data.js';
import type { SiteFiles } from '../content/liquid/site.js';

/** A file larger than this is not read for Liquid (an include, a data file, a file `link` names). */
export const SITE_FILE_MAX_BYTES = 5 * 1024 * 1024;

export interface SiteValues {
  /** _config.yml as written (Jekyll's defaults are laid under it later). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly data: Readonly<Record<string, unknown>>;
  readonly includes: ReadonlyMap<string, string>;
  readonly problems: readonly Problem[];
  /** Hash of every file behind the values: archive pages rendered from other values are not reused. */
  readonly version: string;
}

interface Kept {
  readonly size: number;
  readonly mtimeMs: number;
  readonly text: string;
}

/** Reads the site's values at each rescan; a rescan asks whether anything changed since the one before. */
export class SiteInputs {
  readonly #root: string;
  #kept = new Map<string, Kept>();
  #values: SiteValues | undefined;
  #lastConfig: Readonly<Record<string, unknown>> = {};

  constructor(root: string) {
    this.#root = root;
  }

  /** The values now, and whether any file behind them changed since the last read (true the first time). */
  read(): { values: SiteValues; changed: boolean } {
    const seen = new Map<string, Kept>();
    let changed = this.#values === undefined;
    const load = (rel: string): string | undefined => {
      const kept = readKept(this.#root, rel, this.#kept.get(rel));
      if (kept === undefined) return undefined;
      if (kept !== this.#kept.get(rel)) changed = true;
      seen.set(rel, kept);
      return kept.text;
    };
    const configFile = ['_config.yml', '_config.yaml'].find((name) => load(name) !== undefined);
    const configText = configFile === undefined ? undefined : seen.get(configFile)?.text;
    const problems: Problem[] = [];
    let config = this.#lastConfig;
    if (configText === undefined) config = {};
    else {
      const parsed = siteConfig(configText, configFile ?? '_config.yml');
      // A _config.yml that no longer parses: Liquid keeps seeing the last one that did, and says so.
      if ('problem' in parsed) problems.push(parsed.problem);
      else config = parsed.config;
    }
    const dataDir = folderSetting(config.data_dir, '_data');
    const includesDir = folderSetting(config.includes_dir, '_includes');
    const dataFiles: DataFile[] = [];
    for (const rel of listFiles(this.#root, dataDir)) {
      const ext = rel.slice(rel.lastIndexOf('.') + 1).toLowerCase();
      if (!(DATA_EXTENSIONS as readonly string[]).includes(ext)) continue;
      const text = load(`${dataDir}/${rel}`);
      if (text !== undefined) dataFiles.push({ path: rel, text });
    }
    const includes = new Map<string, string>();
    for (const rel of listFiles(this.#root, includesDir)) {
      const text = load(`${includesDir}/${rel}`);
      if (text !== undefined) includes.set(rel, text);
    }
    if (seen.size !== this.#kept.size) changed = true;
    this.#kept = seen;
    if (!changed && this.#values) return { values: this.#values, changed };
    const data = siteData(dataFiles, dataDir);
    this.#lastConfig = config;
    const version = createHash('sha256');
    for (const [rel, kept] of [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) version.update(`${rel}\0${kept.text.length}\0${kept.text}\0`);
    this.#values = { config, data: data.data, includes, problems: [...problems, ...data.problems], version: version.digest('base64url') };
    return { values: this.#values, changed };
  }
}

/** A folder setting of _config.yml (data_dir, includes_dir), kept inside the site. */
function folderSetting(value: unknown, fallback: string): string {
  if (typeof value !== 'string') return fallback;
  const clean = path.posix.normalize(value.replace(/^\/+|\/+$/g, ''));
  return clean === '' || clean === '.' || clean.startsWith('..') ? fallback : clean;
}

/** Files below `dir` (relative to it), dot files and symbolic links skipped, in a stable order. */
function listFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number): void => {
    if (depth > 16) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.isSymbolicLink()) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child, depth + 1);
      else if (entry.isFile()) out.push(child);
    }
  };
  // The folder itself must not be a link out of the site either.
  try {
    if (fs.lstatSync(path.join(root, dir)).isSymbolicLink()) return [];
  } catch {
    return [];
  }
  walk('', 0);
  return out;
}

/** A file's text, read again only when its size or time changed; undefined when it is not a plain file. */
function readKept(root: string, rel: string, kept: Kept | undefined): Kept | undefined {
  try {
    const full = path.join(root, rel);
    const stat = fs.lstatSync(full);
    if (!stat.isFile() || stat.size > SITE_FILE_MAX_BYTES) return undefined;
    if (kept && kept.size === stat.size && kept.mtimeMs === stat.mtimeMs) return kept;
    const text = fs.readFileSync(full, 'utf8');
    return { size: stat.size, mtimeMs: stat.mtimeMs, text };
  } catch {
    return undefined;
  }
}

/**
 * The door to the rest of the site: a file's text (include_relative, a page `link` names) or whether it
 * is there. Only paths inside the site, reached without a symbolic link out of it; each read once.
 */
export function siteFilesAt(root: string): SiteFiles {
  const texts = new Map<string, string | undefined>();
  let realRoot: string | undefined;
  const inside = (rel: string): string | undefined => {
    const clean = path.posix.normalize(rel.replace(/\\/g, '/'));
    if (clean.startsWith('../') || clean === '..' || path.posix.isAbsolute(clean) || clean.includes('\0')) return undefined;
    const full = path.join(root, clean);
    try {
      realRoot ??= fs.realpathSync(root);
      const real = fs.realpathSync(full);
      return real.startsWith(realRoot + path.sep) ? real : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    read: (rel) => {
      if (texts.has(rel)) return texts.get(rel);
      let text: string | undefined;
      const real = inside(rel);
      try {
        if (real && fs.statSync(real).isFile() && fs.statSync(real).size <= SITE_FILE_MAX_BYTES) text = fs.readFileSync(real, 'utf8');
      } catch {
        text = undefined;
      }
      texts.set(rel, text);
      return text;
    },
    exists: (rel) => {
      const real = inside(rel);
      try {
        return real !== undefined && fs.statSync(real).isFile();
      } catch {
        return false;
      }
    },
  };
}
