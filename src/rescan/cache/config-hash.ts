// The config hash a warm cache is valid for: a cache written under another rendered config
// (snapshot/config-print.ts) lives in another folder and is never read.
import { createHash } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import { renderedConfig } from '../../snapshot/config-print.js';

export function configHash(config: Config): string {
  return createHash('sha256')
    .update(JSON.stringify(renderedConfig(config)))
    .digest('base64url');
}
