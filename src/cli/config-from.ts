// The config for a command, loaded the same way by every command: the file, the FEEDWRIGHT_* environment,
// then --config, --posts and --site-url (and serve's --port and --host).
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { stringValue, type Values } from './args.js';

export interface ConfigExtras {
  readonly port?: number;
  readonly host?: string;
  /** Hears which defaults stand in for a missing config file or site.url (see loadConfig). */
  readonly defaults?: (message: string) => void;
}

export function configFrom(values: Values, { port, host, defaults }: ConfigExtras = {}): Config {
  const configPath = stringValue(values, 'config');
  const postsDir = stringValue(values, 'posts');
  const siteUrl = stringValue(values, 'site-url');
  return loadConfig({
    overrides: {
      ...(configPath !== undefined ? { configPath } : {}),
      ...(postsDir !== undefined ? { postsDir } : {}),
      ...(siteUrl !== undefined ? { siteUrl } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(host !== undefined ? { host } : {}),
    },
    ...(defaults ? { defaults } : {}),
  });
}
