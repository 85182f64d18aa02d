/** Domain error codes; the server maps each to an HTTP status in one place. */
export const ERROR_CODES = {
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TOO_MANY_REQUESTS: 429,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class HearthError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HearthError';
  }

  static notFound(what: string, key: string | number): HearthError {
    return new HearthError('NOT_FOUND', `${what} "${key}" does not exist`);
  }
}
