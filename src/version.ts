// The version in package.json, for /status and the User-Agent of WebSub pings. Read once, at start-up:
// src/ and dist/ both sit one folder below package.json.
import { readFileSync } from 'node:fs';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
