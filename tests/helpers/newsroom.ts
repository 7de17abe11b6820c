// The fixture newsroom (tests/fixtures/newsroom): its config as the loader makes it, and its snapshot.
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { freshSnapshot } from './build.js';
import type { Snapshot } from '../../src/snapshot/snapshot.js';
import type { RescanResult } from '../../src/rescan/rescanner.js';

export const NEWSROOM = path.resolve(import.meta.dirname, '../fixtures/newsroom');
export const NOW = Date.parse('2026-01-01T00:00:00Z');

/** The newsroom's config, `feedwright` keys of _config.yml merged with `extra` ones. */
export function newsroomConfig(extra: Record<string, unknown> = {}): Config {
  const base = loadConfig({ env: {}, cwd: NEWSROOM, overrides: { siteDir: NEWSROOM } });
  if (Object.keys(extra).length === 0) return base;
  return { ...base, ...extra } as Config;
}

export async function newsroomSnapshot(config = newsroomConfig()): Promise<{ snapshot: Snapshot; result: RescanResult }> {
  return freshSnapshot(config, NOW);
}
