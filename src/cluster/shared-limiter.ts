// Failed webhook authentications counted across replicas: behind a balancer an attacker would otherwise
// get the limit once per replica. Redis holds a counter per address (expiring with the window) and a
// block key (expiring with the block); the local limiter counts too and answers alone while Redis is down.
import type { FailureLimiter, FailureLimits, Limiter } from '../triggers/failure-limiter.js';
import type { RedisLink } from './redis-link.js';

// One round trip, atomic: the first failure starts the window, the n-th blocks and starts counting anew.
const FAIL_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if n >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
end
return n`;

export class SharedLimiter implements Limiter {
  readonly #local: FailureLimiter;
  readonly #limits: FailureLimits;
  readonly #link: RedisLink;
  readonly #prefix: string;

  constructor(local: FailureLimiter, limits: FailureLimits, link: RedisLink, prefix: string) {
    this.#local = local;
    this.#limits = limits;
    this.#link = link;
    this.#prefix = `${prefix}:webhook-failures:`;
  }

  /** The longer of the local block and the cluster's; the local one alone when Redis does not answer. */
  async retryAfter(key: string): Promise<number> {
    const local = this.#local.retryAfter(key);
    const ms = await this.#link.call((cmd) => cmd.pttl(`${this.#prefix}block:${key}`));
    return Math.max(local, ms !== undefined && ms > 0 ? Math.ceil(ms / 1000) : 0);
  }

  fail(key: string): void {
    this.#local.fail(key);
    const { windowMs, failures, blockMs } = this.#limits;
    // Redis down or slow: this failure is counted locally only, which is what a lone replica does.
    void this.#link.call((cmd) => cmd.eval(FAIL_SCRIPT, 2, `${this.#prefix}count:${key}`, `${this.#prefix}block:${key}`, windowMs, failures, blockMs));
  }

  succeed(key: string): void {
    this.#local.succeed(key);
    void this.#link.call((cmd) => cmd.del(`${this.#prefix}count:${key}`));
  }
}
