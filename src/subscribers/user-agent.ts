// A User-Agent → who fetches, for how many, under which id of theirs (docs/guides/query-feeds-and-subscribers.md). Read
// with bounds: only its first characters, never one with control characters, never a count past the
// configured cap. The User-Agent itself is never kept: only what this returns is.
import { AGENTS, COUNT, type AgentKind } from './agents.js';

/** Characters of a User-Agent that are read: every documented format says what it says well before. */
export const READ_CHARACTERS = 512;

export interface AgentReport {
  readonly source: string;
  readonly kind: AgentKind;
  /** Undefined when the agent says no count (or one past `maxReported`: see `rejected`). */
  readonly subscribers: number | undefined;
  /** The agent's own id of the feed, when it gives one. */
  readonly feedId: string | undefined;
  /** A count was given but not believed (over maxReported). */
  readonly rejected?: true;
}

// Tab is allowed in a header value; any other control character means the value is not what it claims.
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

// Every agent's token in one pattern, case aside: most clients are none of them (browsers, self-hosted
// readers), and one pass over their User-Agent says so, where a test per agent would make fourteen.
const ANY_AGENT = new RegExp(AGENTS.map((a) => `(?:${a.token.source})`).join('|'), 'i');

/**
 * The agent a User-Agent names, from the table (agents.ts) or as one of the configured WebSub hubs
 * (`hubHosts`: a hub that names itself and a count is that hub's `websub:<host>`); undefined for any
 * other client, which counts as a poller.
 */
export function readUserAgent(userAgent: string | undefined, maxReported: number, hubHosts: readonly string[] = []): AgentReport | undefined {
  if (userAgent === undefined || userAgent === '') return undefined;
  const head = userAgent.length > READ_CHARACTERS ? userAgent.slice(0, READ_CHARACTERS) : userAgent;
  if (hasControl(head)) return undefined;
  if (ANY_AGENT.test(head)) {
    for (const agent of AGENTS) {
      if (!agent.token.test(head)) continue;
      return report(agent.source, agent.kind, (agent.count ?? COUNT).exec(head)?.[1], agent.id?.exec(head)?.[1], maxReported);
    }
  }
  for (const host of hubHosts) {
    if (!head.includes(host)) continue;
    const count = COUNT.exec(head)?.[1];
    if (count !== undefined) return report(`websub:${host}`, 'hub', count, undefined, maxReported);
  }
  return undefined;
}

function report(source: string, kind: AgentKind, count: string | undefined, feedId: string | undefined, maxReported: number): AgentReport {
  const n = count === undefined ? undefined : Number(count.replaceAll(',', ''));
  if (n !== undefined && (!Number.isSafeInteger(n) || n > maxReported)) return { source, kind, subscribers: undefined, feedId, rejected: true };
  return { source, kind, subscribers: n, feedId };
}
