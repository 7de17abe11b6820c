// Where a site's warm cache file lives: one folder per posts folder and config under the cache root, so
// that two sites under one root never share a file. A start looks for it before the cache's code loads.
import { createHash } from 'node:crypto';
import path from 'node:path';

export function warmCacheFile(root: string, postsDir: string, configHash: string): string {
  const site = createHash('sha256').update(`${postsDir}\0${configHash}`).digest('hex').slice(0, 16);
  return path.join(root, site, 'state.bin');
}
