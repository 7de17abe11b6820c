// The structured logger (pino: one JSON object per line, cheap when a level is off).
import { pino, type Logger } from 'pino';
import type { Problem } from './errors.js';

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'feedwright' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // "level":"warn", not 40: what people and log shippers (journald, Loki, CloudWatch) read without a table.
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Problems as objects a log query can filter on, capped so a folder of broken files cannot flood one line. */
export function problemList(problems: readonly Problem[], limit = 50): (Omit<Problem, 'line'> & { line: number | undefined })[] {
  // Only these fields: a problem from a helper thread may carry more, and the log line's shape is a contract.
  return problems.slice(0, limit).map(({ path, line, code, severity, reason }) => ({ path, line, code, severity, reason }));
}
