// The scale scenario's figures (scale.ts) as rows, each against issue 26's target for its size with ✓ or ✗.
// Pure: `npm run bench` prints the rows, docs/internals/performance.md "At scale" copies them.
import { type Bounded, describe, summary } from './phase.js';
import type { ScaleFigures, StartFigures } from './scale.js';

export interface ScaleTargets {
  readonly coldMs?: number;
  /** Warm start, spawn → every document served: an absolute bound, or a share of Hugo's full build. */
  readonly warmMs?: number;
  readonly warmHugoShare?: number;
  readonly editMs: number;
  readonly checkCpuMs: number;
  readonly healthzP99Ms: number;
  readonly peakRssMb?: number;
}

/** Issue 26 "Done when" and "Starts at any size", for the size the run measured. */
export function scaleTargets(posts: number): ScaleTargets {
  const common = { editMs: 250, checkCpuMs: 1000, healthzP99Ms: 100 };
  if (posts >= 1_000_000) return { ...common, coldMs: 120_000, warmMs: 5_000, peakRssMb: 1024 };
  if (posts >= 100_000) return { ...common, warmMs: 1_000, peakRssMb: 300 };
  return { ...common, warmHugoShare: 0.2 };
}

/** "  ≤ 250 ✓" or "  > 250 ✗"; nothing without a target or a value. */
export function mark(value: number | undefined, target: number | undefined, label = ''): string {
  if (target === undefined || value === undefined || Number.isNaN(value)) return '';
  return value <= target ? `  ≤ ${label}${target} ✓` : `  > ${label}${target} ✗`;
}

function bounded(b: Bounded<number> | undefined, target?: number, unit = 'ms'): string {
  if (b === undefined) return 'not measured';
  return b.ok ? `${describe(b, unit)}${mark(b.value, target)}` : `${describe(b)}${target === undefined ? '' : ' ✗'}`;
}

function healthz(h: { p50Ms: number; p99Ms: number; maxMs: number; polls: number; unanswered: number }, target: number): string {
  return `p50 ${h.p50Ms} ms, p99 ${h.p99Ms} ms${mark(h.p99Ms, target)}, max ${h.maxMs} ms (${h.polls} polls${h.unanswered ? `, ${h.unanswered} unanswered` : ''})`;
}

function start(s: StartFigures): string {
  return `site feed ${describe(s.siteFeed)}, every document ${describe(s.ready)}, first rescan done ${describe(s.settled)}`;
}

/** The rows of the table: label, value (with its target). `hugoMs`: Hugo's full build of the same posts, if measured. */
export function scaleRows(f: ScaleFigures, hugoMs: number | undefined): [string, string][] {
  const t = scaleTargets(f.posts);
  const warmTarget = t.warmMs ?? (t.warmHugoShare !== undefined && hugoMs !== undefined ? Math.round(hugoMs * t.warmHugoShare) : undefined);
  const warmLabel = t.warmHugoShare !== undefined ? `${t.warmHugoShare} × Hugo = ` : '';
  const walks = f.noChange.filter((w) => w.ok).map((w) => w.value);
  const walkOut = f.noChange.find((w) => !w.ok);
  const peak = Math.max(f.peakRssMb, f.warmPeakRssMb ?? 0);
  const rows: [string, string][] = [
    ['corpus', `${f.posts} ${f.kind} posts`],
    ['cold start (spawn →)', start(f.cold)],
    ['cold start: every document served', bounded(f.cold.ready, t.coldMs)],
    ['/healthz during the cold start', healthz(f.cold.healthz, t.healthzP99Ms)],
    ['warm cache written', f.cacheBytes.ok ? `${Math.round(f.cacheBytes.value / 2 ** 20)} MB` : describe(f.cacheBytes)],
    ['edit → new ETag (watcher, median of 5)', bounded(summary(f.edit), t.editMs)],
    ['add → listed (watcher, median of 5)', bounded(summary(f.add))],
    ['delete → gone (watcher, median of 5)', bounded(summary(f.delete))],
    [
      'no-change whole walk (webhook, each)',
      walks.length === 0 && !walkOut
        ? 'not measured'
        : `${walks.map((w) => `${w.ms} ms (CPU ${w.cpuMs} ms)`).join(', ')}${walkOut && !walkOut.ok ? `${walks.length ? ', ' : ''}timed out after ${walkOut.timedOutS} s` : ''}`,
    ],
    [
      `scheduled check, CPU per ${f.scheduleSeconds} s interval (watcher on)`,
      Number.isNaN(f.checkCpuMsPerInterval) ? 'not measured' : `${f.checkCpuMsPerInterval} ms${mark(f.checkCpuMsPerInterval, t.checkCpuMs)}`,
    ],
    ['/healthz after the start (edits, walks, checks)', healthz(f.healthzRunning, t.healthzP99Ms)],
    ['/healthz throughout (spawn → the last walk)', healthz(f.healthzThroughout, t.healthzP99Ms)],
    ['warm start (spawn →)', f.warm ? start(f.warm) : 'not run (the cold start did not finish)'],
    ['warm start: every document served', f.warm ? `${bounded(f.warm.ready)}${f.warm.ready.ok ? mark(f.warm.ready.value, warmTarget, warmLabel) : ''}` : '—'],
    ['/healthz during the warm start', f.warm ? healthz(f.warm.healthz, t.healthzP99Ms) : '—'],
    ['edit after the warm start → new ETag', bounded(f.warmEdit, t.editMs)],
    ['peak RSS (cold process; warm process)', `${f.peakRssMb} MB; ${f.warmPeakRssMb ?? '—'} MB${mark(peak, t.peakRssMb)}`],
  ];
  if (hugoMs !== undefined) rows.push(['Hugo full build of the same posts', `${hugoMs} ms`]);
  return rows;
}

export function formatRows(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}
