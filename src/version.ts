// The version in package.json, for --version, /status and the User-Agent of WebSub pings: the one place
// package.json is read, once, at start-up (src/ and dist/ both sit one folder below it).
import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
