// Config keys that were renamed: the old spelling keeps working, with a deprecation warning that names
// the new one, so no config file breaks on an upgrade (a key given both ways is an error: which wins?).
import { ConfigError } from '../errors.js';

/** [section, old key, new key]. */
const RENAMED: readonly (readonly [string, string, string])[] = [['rescan', 'minInterval', 'minIntervalMs']];

/** `raw` with every old key moved to its new name; `warn` hears of each one moved. */
export function renameDeprecated(raw: Record<string, unknown>, source: string, warn: (message: string) => void): Record<string, unknown> {
  let out = raw;
  for (const [section, from, to] of RENAMED) {
    const value = raw[section];
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, from)) continue;
    const { [from]: old, ...rest } = value as Record<string, unknown>;
    if (Object.hasOwn(rest, to))
      throw new ConfigError(`${source}: invalid config\n  ${section}.${from}: renamed ${section}.${to}, which is set too; remove ${section}.${from}`);
    warn(`${source}: ${section}.${from} is renamed ${section}.${to}; the old name still works for now`);
    out = { ...out, [section]: { ...rest, [to]: old } };
  }
  return out;
}
