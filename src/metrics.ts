// Prometheus metrics (prom-client), one Registry per service so that tests can run several side by side.
// Callers report plain facts; the names and labels live here only. The README lists every metric.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What a response answered, for `feedwright_http_responses_total{route}`: `page` is an HTML page,
 * `asset` what pages and styled feeds load (XSLT, CSS, script, icon).
 */
export type RouteKind = 'feed' | 'page' | 'opml' | 'asset' | 'hook' | 'status' | 'metrics' | 'other';

export type WebhookOutcome = 'accepted' | 'unauthorized' | 'rate_limited' | 'too_large' | 'method_not_allowed' | 'aborted';

/** `retry`: an attempt failed and another is scheduled; `failed`: the last attempt failed, or the hub refused. */
export type PingOutcome = 'delivered' | 'retry' | 'failed';

export interface RescanFacts {
  readonly ok: boolean;
  readonly ms: number;
  /** When the rescan started, in ms since the epoch. */
  readonly startedAt: number;
  readonly posts: number;
  readonly documents: number;
  readonly feeds: number;
  readonly errors: number;
  readonly warnings: number;
}

export class Metrics {
  readonly registry = new Registry();
  readonly #rescanSeconds = new Histogram({
    name: 'feedwright_rescan_duration_seconds',
    help: 'Time a rescan took, scan to swap',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly #lastRescan = this.#gauge('feedwright_last_rescan_timestamp_seconds', 'When the last rescan started (Unix time)');
  readonly #posts = this.#gauge('feedwright_posts', 'Published posts in the served snapshot');
  readonly #documents = this.#gauge('feedwright_documents', 'Documents in the served snapshot (feeds and any other)');
  readonly #feeds = this.#gauge('feedwright_feeds', 'Feeds in the served snapshot (scopes × formats)');
  readonly #problems = new Gauge({
    name: 'feedwright_problems',
    help: 'Problems the last rescan reported, by severity',
    labelNames: ['severity'] as const,
    registers: [this.registry],
  });
  readonly #webhook = this.#counter('feedwright_webhook_requests_total', 'Calls of POST /hooks/rebuild, by outcome', 'outcome');
  readonly #responses = new Counter({
    name: 'feedwright_http_responses_total',
    help: 'HTTP responses, by route kind and status code',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
    collect: () => this.#reportResponses(),
  });
  readonly #pings = this.#counter('feedwright_websub_pings_total', 'WebSub publish notifications to hubs, by outcome', 'outcome');
  // Responses are counted on the hot path, where prom-client's `inc` (which hashes and checks the labels
  // every time) costs a few per cent of the throughput: plain counts here, handed over when scraped.
  // Bounded: eight kinds × the statuses the server sends.
  readonly #responseCounts = new Map<RouteKind, Map<number, { count: number; reported: number }>>();

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    for (const severity of ['error', 'warning']) this.#problems.labels(severity).set(0);
  }

  rescan(r: RescanFacts): void {
    this.#rescanSeconds.labels(r.ok ? 'ok' : 'failed').observe(r.ms / 1000);
    this.#lastRescan.set(r.startedAt / 1000);
    this.#posts.set(r.posts);
    this.#documents.set(r.documents);
    this.#feeds.set(r.feeds);
    this.#problems.labels('error').set(r.errors);
    this.#problems.labels('warning').set(r.warnings);
  }

  webhook(outcome: WebhookOutcome): void {
    this.#webhook.labels(outcome).inc();
  }

  response(route: RouteKind, status: number): void {
    let byStatus = this.#responseCounts.get(route);
    if (!byStatus) this.#responseCounts.set(route, (byStatus = new Map()));
    const counted = byStatus.get(status);
    if (counted) counted.count++;
    else byStatus.set(status, { count: 1, reported: 0 });
  }

  #reportResponses(): void {
    for (const [route, byStatus] of this.#responseCounts) {
      for (const [status, counted] of byStatus) {
        if (counted.count === counted.reported) continue;
        this.#responses.labels(route, String(status)).inc(counted.count - counted.reported);
        counted.reported = counted.count;
      }
    }
  }

  ping(outcome: PingOutcome): void {
    this.#pings.labels(outcome).inc();
  }

  #gauge(name: string, help: string): Gauge {
    return new Gauge({ name, help, registers: [this.registry] });
  }

  #counter<L extends string>(name: string, help: string, ...labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
