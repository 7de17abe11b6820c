// A clock the test moves by hand, for the rescanner's spacing (rescan.minIntervalMs): a test of a one-
// second spacing takes no second.
import type { SpacingClock } from '../../src/rescan/rescanner.js';

export class FakeClock implements SpacingClock {
  #now = 0;
  #sleepers: { until: number; wake: () => void }[] = [];

  now(): number {
    return this.#now;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.#sleepers.push({ until: this.#now + ms, wake }));
  }

  /** Moves time on by `ms`, waking every sleeper whose time has come. */
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#sleepers.filter((s) => s.until <= this.#now);
    this.#sleepers = this.#sleepers.filter((s) => s.until > this.#now);
    for (const s of due) s.wake();
  }

  /** Sleepers waiting now. */
  get waiting(): number {
    return this.#sleepers.length;
  }
}
