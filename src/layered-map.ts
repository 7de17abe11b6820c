// A Map that hands out unchanging views of itself at the cost of what changed since the last one, not of
// its size: the scanner's records (a million at a million posts) are changed one edit at a time while a
// warm-cache write in the background still reads the records of the rescan before.
const GONE = Symbol('gone');

export class LayeredMap<K, V> implements Iterable<[K, V]> {
  /** Never changed once a view holds it (`#shared`): changes go to `#over` then. */
  #base: Map<K, V>;
  #over = new Map<K, V | typeof GONE>();
  #size: number;
  #shared = false;

  constructor(entries?: Iterable<readonly [K, V]>) {
    this.#base = new Map(entries);
    this.#size = this.#base.size;
  }

  /**
   * A map taken over as the base, not copied. `shared`: someone else holds it too (the warm cache's loaded
   * records, as the file holds them), so it is never changed: changes go over it from the start, and
   * `changes` can tell them from it.
   */
  static adopt<K, V>(base: Map<K, V>, shared = false): LayeredMap<K, V> {
    const map = new LayeredMap<K, V>();
    map.#base = base;
    map.#size = base.size;
    map.#shared = shared;
    return map;
  }

  /**
   * What changed from one view of a map to a later one (`view`, or the base `adopt` was given as shared):
   * the keys set or changed (by identity) and the keys gone, at the cost of the changes over their common
   * base, not of its size. Undefined when they share no base (the changes were folded into a new one
   * since, or they are of different maps): only a pass over both could tell then.
   */
  static changes<K, V>(before: ReadonlyMap<K, V>, after: ReadonlyMap<K, V>): { readonly set: [K, V][]; readonly gone: K[] } | undefined {
    if (before === after) return { set: [], gone: [] };
    const [base0, over0] = layersOf(before);
    const [base1, over1] = layersOf(after);
    if (base0 !== base1) return undefined;
    const set: [K, V][] = [];
    const gone: K[] = [];
    // A key changed in neither layer is the base's in both.
    for (const key of new Set([...over0.keys(), ...over1.keys()])) {
      const had = holds(base0, over0, key);
      if (!holds(base1, over1, key)) {
        if (had) gone.push(key);
        continue;
      }
      const now = lookUp(base1, over1, key) as V;
      if (!had || lookUp(base0, over0, key) !== now) set.push([key, now]);
    }
    return { set, gone };
  }

  get size(): number {
    return this.#size;
  }

  get(key: K): V | undefined {
    return lookUp(this.#base, this.#over, key);
  }

  has(key: K): boolean {
    return holds(this.#base, this.#over, key);
  }

  set(key: K, value: V): void {
    if (!this.#shared) {
      if (!this.#base.has(key)) this.#size++;
      this.#base.set(key, value);
      return;
    }
    if (!this.has(key)) this.#size++;
    this.#over.set(key, value);
  }

  delete(key: K): boolean {
    if (!this.has(key)) return false;
    this.#size--;
    if (!this.#shared) this.#base.delete(key);
    else if (this.#base.has(key)) this.#over.set(key, GONE);
    else this.#over.delete(key);
    return true;
  }

  keys(): IterableIterator<K> {
    return mapIterator(this.entries(), ([k]) => k);
  }

  *entries(): IterableIterator<[K, V]> {
    yield* entriesOf(this.#base, this.#over);
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /**
   * The map as it is now, never to change: the base itself when nothing changed since the last view, else
   * a view over the base and a copy of the changes; the changes are folded into a new base once they are an
   * eighth of it.
   */
  view(): ReadonlyMap<K, V> {
    if (this.#over.size === 0) {
      this.#shared = true;
      return this.#base;
    }
    if (this.#over.size * 8 > this.#base.size) {
      this.#base = new Map(this.entries());
      this.#over = new Map();
      this.#shared = true;
      return this.#base;
    }
    this.#shared = true;
    return new View(this.#base, new Map(this.#over), this.#size);
  }
}

/** A key's value: its change over the base if it has one (GONE: none), else the base's. */
function lookUp<K, V>(base: ReadonlyMap<K, V>, over: ReadonlyMap<K, V | typeof GONE>, key: K): V | undefined {
  const o = over.get(key);
  if (o === GONE) return undefined;
  return o !== undefined ? o : base.get(key);
}

function holds<K, V>(base: ReadonlyMap<K, V>, over: ReadonlyMap<K, V | typeof GONE>, key: K): boolean {
  const o = over.get(key);
  return o === GONE ? false : o !== undefined || base.has(key);
}

function* entriesOf<K, V>(base: ReadonlyMap<K, V>, over: ReadonlyMap<K, V | typeof GONE>): Generator<[K, V]> {
  for (const [k, v] of base) {
    const o = over.get(k);
    if (o === undefined) yield [k, v];
    else if (o !== GONE) yield [k, o];
  }
  for (const [k, o] of over) if (o !== GONE && !base.has(k)) yield [k, o];
}

function* mapIterator<T, U>(it: Iterable<T>, f: (t: T) => U): Generator<U> {
  for (const t of it) yield f(t);
}

/** A view's base and its changes; any other map is its own base, with none. */
function layersOf<K, V>(map: ReadonlyMap<K, V>): [ReadonlyMap<K, V>, ReadonlyMap<K, V | typeof GONE>] {
  return map instanceof View ? View.layers(map) : [map, new Map()];
}

/** An unchanging map: a base no one changes, and the changes made over it. */
class View<K, V> implements ReadonlyMap<K, V> {
  static layers<K, V>(view: View<K, V>): [ReadonlyMap<K, V>, ReadonlyMap<K, V | typeof GONE>] {
    return [view.#base, view.#over];
  }

  readonly #base: ReadonlyMap<K, V>;
  readonly #over: ReadonlyMap<K, V | typeof GONE>;
  readonly size: number;

  constructor(base: ReadonlyMap<K, V>, over: ReadonlyMap<K, V | typeof GONE>, size: number) {
    this.#base = base;
    this.#over = over;
    this.size = size;
  }

  get(key: K): V | undefined {
    return lookUp(this.#base, this.#over, key);
  }

  has(key: K): boolean {
    return holds(this.#base, this.#over, key);
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [k, v] of this.entries()) callback(v, k, this);
  }

  entries(): MapIterator<[K, V]> {
    return entriesOf(this.#base, this.#over) as MapIterator<[K, V]>;
  }

  keys(): MapIterator<K> {
    return mapIterator(this.entries(), ([k]) => k) as MapIterator<K>;
  }

  values(): MapIterator<V> {
    return mapIterator(this.entries(), ([, v]) => v) as MapIterator<V>;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
