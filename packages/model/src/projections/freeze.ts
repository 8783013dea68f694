// Projections hand out frozen plain objects: a view can hold them as `$state.raw` and nothing
// can mutate model state through them.
export type DeepReadonly<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

export function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value as DeepReadonly<T>;
}

export function byTimeThenId<T extends { id: string }>(time: (item: T) => number) {
  return (a: T, b: T): number => time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
