// The schedule: node-cron calls the rescan on config.schedule, in the site's time zone.
import cron from 'node-cron';
import type { Trigger } from './trigger.js';

export interface Schedule {
  readonly stop: () => void;
  /** When the next scheduled rescan is due, for /status. */
  readonly nextRun: () => Date | null;
}

export function scheduleRescans(expression: string, timeZone: string, trigger: Trigger): Schedule {
  const task = cron.schedule(expression, () => trigger('schedule').then(() => undefined), {
    timezone: timeZone,
    name: 'feedwright-rescan',
  });
  return {
    stop: () => void task.destroy(),
    nextRun: () => task.getNextRun(),
  };
}
