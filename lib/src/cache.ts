/**
 * One memo for the per-target and per-graph table caches of the samplers and
 * trainers: each table is compiled once, the first time it is asked for.
 */

/** A store `cached` remembers in: a Map (keys by value) or a WeakMap (keys by object). */
interface Store<K, T> {
  get(key: K): T | undefined;
  set(key: K, value: T): unknown;
}

/** `compute`, remembered per key in `store`. */
export function cached<K, T>(compute: (key: K) => T, store: Store<K, T> = new Map<K, T>()): (key: K) => T {
  return (key) => {
    let value = store.get(key);
    if (value === undefined) {
      value = compute(key);
      store.set(key, value);
    }
    return value;
  };
}
