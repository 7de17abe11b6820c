// The config for a command, loaded the same way by every command: the file, the FEEDWRIGHT_* environment,
// then --config, --site, --posts and --site-url (and serve's --port and --host).
import { loadExplainedConfig, type ExplainedConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { stringValue, type Values } from './args.js';

export interface ConfigExtras {
  readonly port?: number;
  readonly host?: string;
  /** Hears which defaults stand in for a missing config file or site.url (see loadConfig). */
  readonly defaults?: (message: string) => void;
}

export function configFrom(values: Values, extras: ConfigExtras = {}): Config {
  return explainedConfigFrom(values, extras).config;
}

export function explainedConfigFrom(values: Values, { port, host, defaults }: ConfigExtras = {}): ExplainedConfig {
  const configPath = stringValue(values, 'config');
  const siteDir = stringValue(values, 'site');
  const postsDir = stringValue(values, 'posts');
  const siteUrl = stringValue(values, 'site-url');
  return loadExplainedConfig({
    overrides: {
      ...(configPath !== undefined ? { configPath } : {}),
      ...(siteDir !== undefined ? { siteDir } : {}),
      ...(postsDir !== undefined ? { postsDir } : {}),
      ...(siteUrl !== undefined ? { siteUrl } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(host !== undefined ? { host } : {}),
    },
    ...(defaults ? { defaults } : {}),
  });
}
