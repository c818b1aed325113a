// Errors of the notice catalogue: a notice that cannot be rendered is a caller's bug, never sent half-done.

/** Thrown when a notice carries a value that cannot be rendered (a malformed date, an unsafe link). */
export class NoticeError extends Error {
  override name = 'NoticeError';
}
