// The structured logger (pino: one JSON object per line, cheap when a level is off).
import { pino, type Logger } from 'pino';
import { formatProblem, type Problem } from './errors.js';

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'feedwright' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

/** Problems as `path:line: reason` strings, capped so a folder of broken files cannot flood one line. */
export function problemLines(problems: readonly Problem[], limit = 50): string[] {
  const lines = problems.slice(0, limit).map(formatProblem);
  if (problems.length > limit) lines.push(`… and ${problems.length - limit} more`);
  return lines;
}
