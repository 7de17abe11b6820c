// What ReadOptions hold for a plain folder of posts (no Jekyll site): tests that write their options out
// spread this, so a new option does not need every test edited.
import type { ReadOptions } from '../../src/posts/options.js';

export const FOLDER_DEFAULTS = {
  layout: 'folder',
  ids: 'link',
  titles: 'plain',
  authors: {},
} as const satisfies Partial<ReadOptions>;
