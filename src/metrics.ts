// Prometheus metrics (prom-client), one Registry per service so that tests can run several side by side.
// Callers report plain facts; the names and labels live here only. docs/reference/http.md lists every metric (a test keeps them in step).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import { cached } from './memo.js';

/**
 * What a response answered, for `feedwright_http_responses_total{route}`: `query` a query feed (its
 * errors too: a 400, 429 or 503), `page` is an HTML page,
 * `asset` what pages and styled feeds load (XSLT, CSS, script, icon).
 */
export type RouteKind = 'feed' | 'query' | 'page' | 'opml' | 'asset' | 'hook' | 'status' | 'metrics' | 'other';

export type WebhookOutcome = 'accepted' | 'unauthorized' | 'rate_limited' | 'too_large' | 'method_not_allowed' | 'aborted';

/** `retry`: an attempt failed and another is scheduled; `failed`: the last attempt failed, or the hub refused. */
export type PingOutcome = 'delivered' | 'retry' | 'failed';

/** A CDN purge attempt (publish.purge): `retry` failed and another is scheduled; `failed` given up or refused. */
export type PurgeOutcome = 'ok' | 'retry' | 'failed';

/**
 * Upper bounds of `feedwright_http_request_duration_seconds`: a document from memory is answered in well
 * under a millisecond; a webhook call with `?wait=1` waits for a whole rescan.
 */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** Request durations of one route kind and status class: a count per bucket (the last is +Inf), not cumulative. */
interface Durations {
  readonly buckets: number[];
  sum: number;
  count: number;
}

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

/** The warm-restart cache as /metrics shows it, read when scraped (cache/warm-cache.ts has the facts). */
export interface CacheFacts {
  readonly bytes: number | undefined;
  readonly records: number | undefined;
  readonly documents: number | undefined;
  /** When the file was last written, in ms since the epoch. */
  readonly lastWrite: number | undefined;
  readonly writes: number;
  readonly failedWrites: number;
  /** Failed writes by code (ENOSPC, EDQUOT, FW_ERR_SHORT_WRITE…): why the file was not replaced. */
  readonly failures: Readonly<Record<string, number>>;
  /** What the first rescan of this start took from the cache and what it did again; unset before it ends. */
  readonly start: { readonly files: number; readonly read: number; readonly documents: number; readonly rendered: number } | undefined;
}

/** One background publish to the bucket (publish.onRescan) that finished, as it ended. */
export type BucketPublishFacts =
  | { readonly ok: true; readonly uploaded: number; readonly bytes: number; readonly deleted: number; readonly at: number }
  | { readonly ok: false; readonly failures: number };

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
  // Bounded: nine kinds × the statuses the server sends.
  readonly #responseCounts = new Map<RouteKind, Map<number, { count: number; reported: number }>>();
  // The same for durations: a fixed bucket array per route kind and status class (at most 9 × 5), which
  // prom-client's Histogram cannot take as counts, so the metric below renders it at scrape time.
  readonly #durations = new Map<RouteKind, (Durations | undefined)[]>();

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(this.#durationMetric());
    for (const severity of ['error', 'warning']) this.#problems.labels(severity).set(0);
  }

  /**
   * The warm cache's metrics, registered once there is a cache: gauges read its facts when scraped, and
   * the write counter moves by what was written since the last scrape.
   */
  cache(facts: () => CacheFacts): void {
    const gauge = (name: string, help: string, read: (f: CacheFacts, g: Gauge) => void, labelNames: string[] = []): void =>
      void new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        collect() {
          read(facts(), this);
        },
      });
    gauge('feedwright_cache_bytes', 'Size of the warm cache file, as last read or written', (f, g) => g.set(f.bytes ?? 0));
    gauge(
      'feedwright_cache_entries',
      'What the warm cache file holds: a record per post file, and the documents',
      (f, g) => {
        g.labels('records').set(f.records ?? 0);
        g.labels('documents').set(f.documents ?? 0);
      },
      ['kind'],
    );
    gauge('feedwright_cache_last_write_timestamp_seconds', 'When the warm cache file was last written (Unix time; 0: not yet)', (f, g) =>
      g.set((f.lastWrite ?? 0) / 1000),
    );
    gauge(
      'feedwright_cache_start_files',
      'Post files the first rescan of this start took from the warm cache, or read',
      (f, g) => {
        g.labels('cache').set(f.start?.files ?? 0);
        g.labels('read').set(f.start?.read ?? 0);
      },
      ['from'],
    );
    gauge(
      'feedwright_cache_start_documents',
      'Documents the first rescan of this start took from the warm cache, or rendered',
      (f, g) => {
        g.labels('cache').set(f.start?.documents ?? 0);
        g.labels('rendered').set(f.start?.rendered ?? 0);
      },
      ['from'],
    );
    const reported = { ok: 0, failed: 0 };
    new Counter({
      name: 'feedwright_cache_writes_total',
      help: 'Writes of the warm cache file, by outcome (a failed write is a warning; the service runs on)',
      labelNames: ['outcome'] as const,
      registers: [this.registry],
      collect() {
        const f = facts();
        this.labels('ok').inc(f.writes - reported.ok);
        this.labels('failed').inc(f.failedWrites - reported.failed);
        reported.ok = f.writes;
        reported.failed = f.failedWrites;
      },
    });
    const reportedFailures: Record<string, number> = {};
    new Counter({
      name: 'feedwright_cache_write_failures_total',
      help: 'Failed writes of the warm cache file, by reason (ENOSPC, EDQUOT, FW_ERR_SHORT_WRITE…); the old file was kept',
      labelNames: ['reason'] as const,
      registers: [this.registry],
      collect() {
        // Codes of system errors and feedwright's own: a bounded set.
        for (const [reason, count] of Object.entries(facts().failures)) {
          this.labels(reason).inc(count - (reportedFailures[reason] ?? 0));
          reportedFailures[reason] = count;
        }
      },
    });
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

  /** A response was sent, `seconds` after its request reached the server. */
  response(route: RouteKind, status: number, seconds: number): void {
    const byStatus = cached(this.#responseCounts, route, () => new Map());
    const counted = byStatus.get(status);
    if (counted) counted.count++;
    else byStatus.set(status, { count: 1, reported: 0 });

    const byClass = cached(this.#durations, route, () => []);
    const statusClass = Math.min(Math.max(Math.floor(status / 100), 1), 5) - 1;
    byClass[statusClass] ??= { buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
    const d = byClass[statusClass];
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > (DURATION_BUCKETS[i] as number)) i++;
    (d.buckets[i] as number)++;
    d.sum += seconds;
    d.count++;
  }

  /**
   * `feedwright_http_request_duration_seconds` as prom-client's registry reads a histogram: `get()` gives
   * the `_bucket` (cumulative, with `le`), `_sum` and `_count` samples, as Histogram#get does.
   */
  #durationMetric(): Metric {
    const name = 'feedwright_http_request_duration_seconds';
    const get = async () => ({
      name,
      help: 'Time from a request reaching the server to its response being handed to the socket, by route kind and status class',
      type: 'histogram',
      aggregator: 'sum',
      values: [...this.#durations].flatMap(([route, byClass]) =>
        byClass.flatMap((d, c) => {
          if (!d) return [];
          const labels = { route, status_class: STATUS_CLASSES[c] as string };
          let cumulative = 0;
          return [
            ...d.buckets.map((n, i) => {
              cumulative += n;
              return {
                metricName: `${name}_bucket`,
                labels: { ...labels, le: i < DURATION_BUCKETS.length ? (DURATION_BUCKETS[i] as number) : '+Inf' },
                value: cumulative,
              };
            }),
            { metricName: `${name}_sum`, labels, value: d.sum },
            { metricName: `${name}_count`, labels, value: d.count },
          ];
        }),
      ),
    });
    // Not a prom-client class: the registry reads a metric through name, type, get() and reset() only.
    return { name, type: 'histogram', get, reset: () => this.#durations.clear() } as unknown as Metric;
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

  /**
   * Several replicas (src/cluster/): how many are live, and whether this one serves the newest snapshot
   * seen. Registered on first report, so a lone replica's /metrics does not show them.
   */
  replicas(count: number, current: boolean): void {
    this.#replicaGauges ??= [
      this.#gauge('feedwright_replicas', 'Replicas that announced themselves in Redis lately'),
      this.#gauge('feedwright_snapshot_current', '1 when this replica serves the newest snapshot any replica announced, else 0'),
    ];
    this.#replicaGauges[0].set(count);
    this.#replicaGauges[1].set(current ? 1 : 0);
  }

  #replicaGauges: [Gauge, Gauge] | undefined;

  /**
   * Background publishes to the bucket (publish/bucket/background.ts). Registered on first report, so a
   * server that does not publish does not show them; `at` is when the publish finished, in ms since the epoch.
   */
  bucketPublish(f: BucketPublishFacts): void {
    this.#bucketMetrics ??= {
      publishes: this.#counter(
        'feedwright_bucket_publishes_total',
        'Publishes of the served snapshot to the bucket, by outcome (each retry counts)',
        'outcome',
      ),
      objects: this.#counter('feedwright_bucket_objects_total', 'Objects the bucket publishes uploaded or deleted, by action', 'action'),
      bytes: this.#counter('feedwright_bucket_uploaded_bytes_total', 'Bytes of object bodies uploaded to the bucket (as stored: gzip where chosen)'),
      lastSuccess: this.#gauge(
        'feedwright_bucket_last_success_timestamp_seconds',
        'When the last successful publish to the bucket finished (Unix time; 0: none yet)',
      ),
      failures: this.#gauge('feedwright_bucket_consecutive_failures', 'Failed publishes to the bucket since the last success'),
    };
    const m = this.#bucketMetrics;
    m.publishes.labels(f.ok ? 'ok' : 'failed').inc();
    if (f.ok) {
      m.objects.labels('uploaded').inc(f.uploaded);
      m.objects.labels('deleted').inc(f.deleted);
      m.bytes.inc(f.bytes);
      m.lastSuccess.set(f.at / 1000);
      m.failures.set(0);
    } else {
      // Zeroes alongside the first failure, so a rate() over them starts from a known value.
      m.objects.labels('uploaded').inc(0);
      m.objects.labels('deleted').inc(0);
      m.failures.set(f.failures);
    }
  }

  #bucketMetrics: { publishes: Counter<'outcome'>; objects: Counter<'action'>; bytes: Counter; lastSuccess: Gauge; failures: Gauge } | undefined;

  /** CDN purge attempts after background publishes (publish/bucket/purge.ts); registered on first report. */
  bucketPurge(outcome: PurgeOutcome): void {
    this.#purges ??= this.#counter('feedwright_bucket_purges_total', 'CDN purge attempts after publishes to the bucket, by outcome', 'outcome');
    this.#purges.labels(outcome).inc();
  }

  #purges: Counter<'outcome'> | undefined;

  /**
   * `feedwright_subscribers{feed,source}` (docs/guides/query-feeds-and-subscribers.md), read when scraped: each feed's
   * count by each aggregator that reports one, and its distinct `pollers`. Bounded by subscribers.maxFeeds.
   */
  subscribers(read: () => readonly { readonly feed: string; readonly source: string; readonly subscribers: number }[]): void {
    new Gauge({
      name: 'feedwright_subscribers',
      help: 'Subscribers of each feed: as each aggregator reports them, and distinct other pollers today (or yesterday, if more)',
      labelNames: ['feed', 'source'] as const,
      registers: [this.registry],
      collect() {
        // Feeds that nobody polls any more leave the list: start from nothing at every scrape.
        this.reset();
        for (const c of read()) this.labels(c.feed, c.source).set(c.subscribers);
      },
    });
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
