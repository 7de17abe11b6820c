// Builds a real Config through the real loader, from a YAML object written to a temporary file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { loadConfig } from '../../src/config/load.js';
import type { Config, ConfigInput } from '../../src/config/schema.js';

export const TEST_SITE = 'https://news.example.cn/';

/** Writes a config file for `postsDir`, with the test site's URL and zone unless `input` says otherwise. */
export function testConfigFile(postsDir: string, input: ConfigInput = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-config-'));
  const file = path.join(dir, 'feedwright.yaml');
  const merged: ConfigInput = {
    ...input,
    site: { title: '测试站', url: TEST_SITE, language: 'zh-CN', ...input.site },
    timezone: input.timezone ?? 'Asia/Shanghai',
    posts: { ...input.posts, dir: postsDir },
    server: { host: '127.0.0.1', port: 0, ...input.server },
    log: { level: 'silent', ...input.log },
    // Tests trigger rescans back to back; the ones about bursts set rescan.minIntervalMs themselves.
    rescan: { minIntervalMs: 0, ...input.rescan },
  };
  writeFileSync(file, yaml.dump(merged));
  return file;
}

/** The Config the loader makes of `testConfigFile(postsDir, input)`. */
export function testConfig(postsDir: string, input: ConfigInput = {}): Config {
  const file = testConfigFile(postsDir, input);
  return loadConfig({ env: {}, cwd: path.dirname(file), overrides: { configPath: file } });
}
