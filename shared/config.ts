// Configuration is read from the environment once, at start-up, and a missing value fails loudly.

/** Thrown when a required setting is absent: a deployment fault, never a caller's. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Returns the environment variable `name`, or throws ConfigError when it is unset or empty. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new ConfigError(`Missing required setting ${name}`);
  }
  return value;
}

/** Returns the environment variable `name`, or `fallback` when it is unset or empty. */
export function optionalEnv(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}
