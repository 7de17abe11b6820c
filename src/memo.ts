// The value a map keeps for a key, made on the first ask and remembered: the one shape of every per-config,
// per-site and per-post memo (Map or WeakMap), so none writes the get-make-set dance by hand.

/** The part of Map and WeakMap a memo uses. */
interface MemoMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * `map`'s value for `key`, made by `make(key)` and kept when there is none yet. A `make` that reads only its
 * argument can be a constant, so a hot path allocates no closure per call. The map alone decides the type
 * (NoInfer): an untyped `new Map()` from `make` takes the map's types, rather than widening them to `any`.
 */
export function cached<K, V>(map: MemoMap<K, V>, key: K, make: (key: K) => NoInfer<V>): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make(key);
    map.set(key, value);
  }
  return value;
}

/** A load made once, on the first ask, and its result once it is there. */
export interface Once<T> {
  /** The load's promise: the same one for every caller; a failed load is tried again by the next call. */
  load(): Promise<T>;
  /** What the load gave, once it did (undefined before). */
  readonly value: T | undefined;
}

/** `make`, run on the first `load()` and not again, unless it failed (modules loaded when first needed). */
export function once<T>(make: () => Promise<T>): Once<T> {
  let value: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    load() {
      loading ??= make().then(
        (made) => {
          value = made;
          return made;
        },
        (err: unknown) => {
          loading = undefined;
          throw err;
        },
      );
      return loading;
    },
    get value() {
      return value;
    },
  };
}
