// Paths and problems as a person at this prompt reads them: from the working folder, so editors jump to them.
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { formatProblem, type Problem } from '../errors.js';

/** A path as a person at this prompt would type it: relative below the working folder, else absolute. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** `path:line: severity: reason [code]`, the path shown from the working folder so editors can jump to it. */
export function problemLine(config: Config, p: Problem): string {
  return formatProblem({ ...p, path: problemFile(config, p) });
}

/** A problem's file from the working folder; a problem about the repository (FW_GIT_FETCH_FAILED) names its URL, shown as it is. */
export function problemFile(config: Config, p: Problem): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p.path) ? p.path : displayPath(path.resolve(config.posts.dir, p.path));
}
