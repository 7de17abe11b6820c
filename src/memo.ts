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
