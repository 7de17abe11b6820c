// Reads a post given as text (front matter and body), with the test site's options: for tests of one
// field reader at a time.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Problem, ProblemCode } from '../../src/errors.js';
import type { ReadOptions } from '../../src/posts/options.js';
import type { Post } from '../../src/posts/post.js';
import { readPost, type ReadResult } from '../../src/posts/read-post.js';
import { FOLDER_DEFAULTS } from './read-options.js';

export const SITE = 'https://news.example.cn/';

export const OPTIONS: ReadOptions = {
  timeZone: 'Asia/Shanghai',
  siteUrl: SITE,
  permalink: '/:categories/:year/:month/:day/:title/',
  markdown: ['md', 'markdown', 'txt'],
  ...FOLDER_DEFAULTS,
};

/** The post `front` (YAML lines, without the --- fences) makes at `path`. */
export function readText(front: string, options: Partial<ReadOptions> = {}, path = '2024-03-20-post.md'): ReadResult {
  const bytes = Buffer.from(`---\n${front}\n---\n<p>正文</p>\n`, 'utf8');
  return readPost({ path, bytes, hash: createHash('sha256').update(bytes).digest('hex') }, { ...OPTIONS, ...options });
}

/** The post and its problems; fails the test when the file is not a post. */
export function postAndProblems(result: ReadResult): { post: Post; problems: readonly Problem[] } {
  if (result.kind !== 'post') assert.fail(`expected a post, got ${result.kind}: ${JSON.stringify(result.problems)}`);
  return { post: result.post, problems: result.problems };
}

/** The codes of `problems`, in order. */
export function codes(problems: readonly Problem[]): ProblemCode[] {
  return problems.map((p) => p.code);
}
