// A map that forgets its least recently used entries past a count or a weight (bytes): the caches of
// query feeds hold what clients choose, so each has a ceiling whatever they ask for.
export class BoundedMap<V> {
  readonly #maxEntries: number;
  readonly #maxWeight: number;
  readonly #weigh: (value: V) => number;
  /** Oldest use first: a Map keeps insertion order, and a use moves an entry to the end. */
  readonly #entries = new Map<string, { value: V; weight: number }>();
  #weight = 0;

  constructor(maxEntries: number, maxWeight: number, weigh: (value: V) => number) {
    this.#maxEntries = maxEntries;
    this.#maxWeight = maxWeight;
    this.#weigh = weigh;
  }

  /** The value, marked as just used. */
  get(key: string): V | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, e);
    return e.value;
  }

  /** The value, without marking it used. */
  peek(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Stores `value` (one heavier than the whole map is not kept), then forgets the oldest past the bounds. */
  set(key: string, value: V): void {
    this.delete(key);
    const weight = this.#weigh(value);
    if (weight > this.#maxWeight || this.#maxEntries === 0) return;
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    for (const [old, e] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && this.#weight <= this.#maxWeight) break;
      this.#entries.delete(old);
      this.#weight -= e.weight;
    }
  }

  delete(key: string): void {
    const e = this.#entries.get(key);
    if (!e) return;
    this.#entries.delete(key);
    this.#weight -= e.weight;
  }

  values(): IterableIterator<V> {
    return [...this.#entries.values()].map((e) => e.value)[Symbol.iterator]();
  }

  get size(): number {
    return this.#entries.size;
  }

  get weight(): number {
    return this.#weight;
  }
}
