// A clock the test moves by hand, for the rescanner's spacing (rescan.minIntervalMs): a test of a one-
// second spacing takes no second.
import type { SpacingClock } from '../../src/rescan/rescanner.js';

export class FakeClock implements SpacingClock {
  #now = 0;
  #sleepers: { until: number; wake: () => void }[] = [];
  #jump: boolean;

  /**
   * With `jump`, a sleep moves the clock on by its length at once: rescans are still spaced in the
   * clock's time, but a test that is not about spacing waits no real second for it (hold() stops that).
   */
  constructor(options: { jump?: boolean } = {}) {
    this.#jump = options.jump ?? false;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number): Promise<void> {
    if (this.#jump) {
      this.#now += ms;
      return Promise.resolve();
    }
    return new Promise((wake) => this.#sleepers.push({ until: this.#now + ms, wake }));
  }

  /** Moves time on by `ms`, waking every sleeper whose time has come. */
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#sleepers.filter((s) => s.until <= this.#now);
    this.#sleepers = this.#sleepers.filter((s) => s.until > this.#now);
    for (const s of due) s.wake();
  }

  /** Sleeps wait for advance() or release() from now on, so that what is queued meanwhile stays queued. */
  hold(): void {
    this.#jump = false;
  }

  /** Wakes every sleeper (moving the clock to the last one's time) and lets later sleeps jump again. */
  release(): void {
    this.#jump = true;
    this.advance(Math.max(0, ...this.#sleepers.map((s) => s.until - this.#now)));
  }

  /** Sleepers waiting now. */
  get waiting(): number {
    return this.#sleepers.length;
  }
}
