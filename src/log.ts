// The structured logger (pino: one JSON object per line, cheap when a level is off).
import { pino, type Logger } from 'pino';
import type { Problem } from './errors.js';

export type { Logger };

type Destination = ReturnType<typeof pino.destination>;

/** The stdout stream of each logger createLogger made itself, for endLog. */
const streams = new WeakMap<Logger, Destination>();

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  // stdout as pino's default would open it (written in the background), but held here for endLog.
  const stream = destination ?? pino.destination({ dest: 1, sync: false });
  const log = pino(
    {
      level,
      base: { service: 'feedwright' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // "level":"warn", not 40: what people and log shippers (journald, Loki, CloudWatch) read without a table.
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  if (!destination) streams.set(log, stream as Destination);
  return log;
}

/**
 * Resolves once every line logged so far is written (at most `ms` later), for the last lines before
 * process.exit: pino writes in the background, and its flush at exit skips a write still in flight, which
 * then lands after the lines flushed ("stopping" after "stopped"). The logger writes nothing after this.
 */
export function endLog(log: Logger, ms = 1000): Promise<void> {
  const stream = streams.get(log);
  if (!stream) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    stream.once('close', done);
    stream.once('error', done);
    stream.end();
  });
}

/** Problems as objects a log query can filter on, capped so a folder of broken files cannot flood one line. */
export function problemList(problems: readonly Problem[], limit = 50): (Omit<Problem, 'line'> & { line: number | undefined })[] {
  // Only these fields: a problem from a helper thread may carry more, and the log line's shape is a contract.
  return problems.slice(0, limit).map(({ path, line, code, severity, reason }) => ({ path, line, code, severity, reason }));
}
