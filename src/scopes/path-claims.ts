// A map from a key (an id, a link) to the one path or the several paths that claim it: most keys have
// one, so a string, and an array only where duplicates are.
/** The paths a key holds. */
export function* paths(value: string | string[] | undefined): Generator<string> {
  if (value === undefined) return;
  if (typeof value === 'string') yield value;
  else yield* value;
}

/** `path` claims `key` too. */
export function add(map: Map<string, string | string[]>, key: string, path: string): void {
  const had = map.get(key);
  if (had === undefined) map.set(key, path);
  else if (typeof had === 'string') map.set(key, [had, path]);
  else had.push(path);
}

/** `path` no longer claims `key`. */
export function remove(map: Map<string, string | string[]>, key: string, path: string): void {
  const had = map.get(key);
  if (had === undefined) return;
  if (typeof had === 'string') {
    if (had === path) map.delete(key);
    return;
  }
  const rest = had.filter((p) => p !== path);
  if (rest.length === 1) map.set(key, rest[0] as string);
  else map.set(key, rest);
}

/** How many paths claim a key. */
export function claims(value: string | string[] | undefined): number {
  return value === undefined ? 0 : typeof value === 'string' ? 1 : value.length;
}
