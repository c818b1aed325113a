// Adapters are built once per cold start, on first use: the one caching helper of the wiring.

/**
 * A function that makes its value on the first call and returns that value ever after. A promise
 * that rejects is forgotten, so the next call tries again (a secret that could not be read yet).
 */
export function once<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
      if (value instanceof Promise) {
        value.catch(() => {
          made = false;
        });
      }
    }
    return value;
  };
}
