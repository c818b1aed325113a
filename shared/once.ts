// Adapters are built once per cold start, on first use.

/** A function that makes its value on the first call and returns that value ever after. */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
