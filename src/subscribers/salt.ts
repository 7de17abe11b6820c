// The day's secret that pollers and clients are hashed with (docs/guides/query-feeds-and-subscribers.md): random, held in
// memory only (or, with replicas, in Redis, so that every replica hashes a poller alike), and replaced
// at each UTC midnight. Once a day's salt is gone, nothing links its hashes to an address any more.
import { hash, randomBytes } from 'node:crypto';

/** `2024-05-01`: the UTC day of an instant. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

/** A day's salt: the secret bytes, and the same as text for hashing (saltedHash). */
export interface Salt {
  readonly day: string;
  readonly salt: Buffer;
  readonly key: string;
}

export class DailySalt {
  readonly #now: () => number;
  /** The day's first and last instants: a request checks its day with two comparisons. */
  #start = 0;
  #end = -1;
  #current: Salt = { day: '', salt: Buffer.alloc(0), key: '' };

  constructor(now: () => number = () => Date.now()) {
    this.#now = now;
  }

  /** Today's day and salt; a new salt the first time a day is asked for. */
  current(): Salt {
    const now = this.#now();
    if (now < this.#start || now > this.#end) {
      this.#start = now - (now % DAY_MS);
      this.#end = this.#start + DAY_MS - 1;
      this.#current = salted(utcDay(now), randomBytes(32));
    }
    return this.#current;
  }

  /** Another replica chose today's salt first (cluster): hashes made from now on match its. */
  adopt(day: string, salt: Buffer): void {
    if (day === this.current().day && !salt.equals(this.#current.salt)) this.#current = salted(day, salt);
  }
}

function salted(day: string, salt: Buffer): Salt {
  return { day, salt, key: salt.toString('base64') };
}

/**
 * A keyed hash of what identifies a client (its address, its User-Agent): SHA-256 of the day's secret
 * salt (Salt.key) and the parts, 96 bits of it in base64url. A one-shot hash costs a quarter of an HMAC on
 * the hot path, and with a secret prefix of fixed length nothing of HMAC's is needed here: the hash is
 * only ever compared with others of the same day.
 */
export function saltedHash(key: string, parts: readonly string[]): string {
  return hash('sha256', `${key}\0${parts.join('\0')}`, 'base64url').slice(0, 16);
}
