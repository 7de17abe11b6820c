// The environment every git command runs in: no prompt, stalls detected by git itself, and the URL's
// credentials handed over through the environment, never on a command line (`ps` shows argv to every
// user) or in the checkout's .git/config. The credentials reach git through a credential helper set by
// GIT_CONFIG_COUNT/KEY/VALUE (git ≥ 2.31), which prints them from two variables of the child's own
// environment (/proc/<pid>/environ: readable only by the same user, like the cache folder itself).
import type { SplitUrl } from '../../secrets.js';

export interface GitEnvOptions {
  /** The repository URL split from its credentials (secrets.ts: splitUserinfo). */
  readonly remote: SplitUrl;
  /** A connection that moves less than 1 byte/s for this long is dropped by git (curl's low-speed check). */
  readonly stallSeconds: number;
}

/**
 * git's credential helper protocol (gitcredentials(7)): called with `get`, it answers `username=` and
 * `password=` lines; `store` and `erase` are ignored, so nothing is ever saved. The values come from the
 * environment, so neither this text nor argv holds them.
 */
export const CREDENTIAL_HELPER = `!f() { test "$1" = get || exit 0; printf 'username=%s\\npassword=%s\\n' "$FW_GIT_USERNAME" "$FW_GIT_PASSWORD"; }; f`;

export function gitEnv(base: NodeJS.ProcessEnv, { remote, stallSeconds }: GitEnvOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    // A fetch never waits at a password prompt (terminal or askpass program).
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'true',
    // git's messages in English, so its first line means the same in every log.
    LC_ALL: 'C',
    // A server that accepts and then sends nothing: git gives up by itself (http.lowSpeedLimit/Time).
    GIT_HTTP_LOW_SPEED_LIMIT: '1',
    GIT_HTTP_LOW_SPEED_TIME: String(Math.max(1, Math.round(stallSeconds))),
  };
  if (remote.username === undefined) return env;
  // Added after any GIT_CONFIG_* the environment already has. For this origin only (a redirect elsewhere
  // gets nothing), the helpers configured for it are first emptied: a `store` helper would otherwise
  // write the password to ~/.git-credentials after the first successful fetch.
  const first = countOf(base.GIT_CONFIG_COUNT);
  const key = `credential.${originOf(remote.url)}helper`;
  return {
    ...env,
    GIT_CONFIG_COUNT: String(first + 2),
    [`GIT_CONFIG_KEY_${first}`]: key,
    [`GIT_CONFIG_VALUE_${first}`]: '',
    [`GIT_CONFIG_KEY_${first + 1}`]: key,
    [`GIT_CONFIG_VALUE_${first + 1}`]: CREDENTIAL_HELPER,
    FW_GIT_USERNAME: remote.username,
    FW_GIT_PASSWORD: remote.password ?? '',
  };
}

/** `https://host:8443.` for credential.<url>.helper (git matches scheme, host and port); `` if unparsable. */
function originOf(url: string): string {
  try {
    return `${new URL(url).origin}.`;
  } catch {
    return '';
  }
}

function countOf(text: string | undefined): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : 0;
}
