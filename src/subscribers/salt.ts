// The day's secret that pollers and clients are hashed with (README "Subscriber counts"): random, held in
// memory only (or, with replicas, in Redis, so that every replica hashes a poller alike), and replaced
// at each UTC midnight. Once a day's salt is gone, nothing links its hashes to an address any more.
import { createHmac, randomBytes } from 'node:crypto';

/** `2024-05-01`: the UTC day of an instant. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export class DailySalt {
  readonly #now: () => number;
  #day = '';
  #salt: Buffer = Buffer.alloc(0);

  constructor(now: () => number = () => Date.now()) {
    this.#now = now;
  }

  /** Today's day and salt; a new salt the first time a day is asked for. */
  current(): { readonly day: string; readonly salt: Buffer } {
    const day = utcDay(this.#now());
    if (day !== this.#day) {
      this.#day = day;
      this.#salt = randomBytes(32);
    }
    return { day, salt: this.#salt };
  }

  /** Another replica chose today's salt first (cluster): hashes made from now on match its. */
  adopt(day: string, salt: Buffer): void {
    if (day === utcDay(this.#now())) {
      this.#day = day;
      this.#salt = salt;
    }
  }
}

/** A keyed hash of what identifies a client (its address, its User-Agent): 96 bits, base64url. */
export function saltedHash(salt: Buffer, parts: readonly string[]): string {
  const h = createHmac('sha256', salt);
  for (const part of parts) h.update(part).update('\0');
  return h.digest('base64url').slice(0, 16);
}
