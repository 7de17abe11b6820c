// The query flood of `npm run loadtest -- --query-flood N` (issue 29), in a process of its own so that it
// never slows the load generator that measures the fixed feeds: N connections ask for distinct query
// feeds (new words, dates and lengths on any scope and format) at a fixed rate in all, from a number of
// loopback addresses (127.0.0.1…: one is one client, whom the per-client limit meets), until told to stop.
//   argv: <base URL> <connections> <clients> <requests per second> [fixed]
// `fixed` asks for fixed feeds instead, at the same rate: what the same number of requests costs when
// none is a query feed (the part of a flood's cost that is HTTP's alone).
import http from 'node:http';
import { rng } from './corpus.js';

/** What the flood was answered: counts by status (200 made or kept, 429 per client, 503 over budget). */
export type FloodMessage = {
  readonly type: 'flood';
  readonly requests: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly failures: readonly string[];
};

// Words and scopes of loadtest-service.ts's posts, so that some queries find posts and some do not.
const TAGS = ['tag-1', 'tag-2', 'tag-3', '标签0', '标签4', 'tag-13', 'tag-18'];
const CATEGORIES = ['news', 'tech', 'culture', '城市', 'sport'];

/** A query no earlier one asked. */
function floodQuery(random: () => number, n: number): string {
  const format = ['rss.xml', 'atom.xml', 'feed.json'][Math.floor(random() * 3)] ?? 'rss.xml';
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const kind = random();
  if (kind < 0.5) return `/${format}?q=${encodeURIComponent(`lorem w${n}`)}&in=content`;
  if (kind < 0.75) return `/categories/${encodeURIComponent(pick(CATEGORIES))}/${format}?tag=${encodeURIComponent(pick(TAGS))}&limit=${1 + (n % 100)}`;
  return `/tags/${encodeURIComponent(pick(TAGS))}/${format}?since=${new Date(Date.UTC(2024, 0, 1) + (n % 5000) * 60_000).toISOString()}`;
}

function get(agent: http.Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { 'accept-encoding': 'gzip', 'user-agent': 'FloodBot/1.0' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const [base = '', connections = '10', clients = '1', rate = '1000', kind = 'query'] = process.argv.slice(2);
  const n = Math.max(1, Number(connections));
  const agents = Array.from(
    { length: Math.min(n, Math.max(1, Number(clients))) },
    (_, i) => new http.Agent({ keepAlive: true, localAddress: `127.0.0.${1 + i}` }),
  );
  const tally = { requests: 0, statuses: {} as Record<string, number>, failures: [] as string[] };
  let stopping = false;
  process.on('message', (m) => {
    if (m === 'stop') stopping = true;
  });
  // Each connection sends at rate / n a second, whatever the answers take (an open loop, as a flood is).
  const interval = (1000 * n) / Math.max(1, Number(rate));
  await Promise.all(
    Array.from({ length: n }, async (_, id) => {
      const random = rng(1000 + id);
      const agent = agents[id % agents.length] as http.Agent;
      let next = performance.now();
      for (let i = id * 1_000_000; !stopping; i++) {
        const target = kind === 'fixed' ? `/tags/${['tag-1', 'tag-2', 'tag-3'][i % 3]}/rss.xml` : floodQuery(random, i);
        try {
          const status = await get(agent, base + target);
          tally.requests++;
          tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
          if (![200, 429, 503].includes(status)) tally.failures.push(`flood ${target}: status ${status}`);
        } catch (err) {
          tally.requests++;
          tally.failures.push(`flood ${target}: ${err instanceof Error ? err.message : String(err)}`);
        }
        next += interval;
        const wait = next - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }),
  );
  for (const a of agents) a.destroy();
  process.send?.({ type: 'flood', ...tally, failures: tally.failures.slice(0, 20) } satisfies FloodMessage);
  process.disconnect?.();
}

main().catch((err: unknown) => {
  process.stderr.write(`query flood failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
