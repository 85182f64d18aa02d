/**
 * The sign-in page's rules and wording, apart from the page so they can be
 * tested without a browser: where to go after signing in, and what to tell
 * a person whose sign-in or new password was refused.
 */
import { ApiError } from '../api/client.js';

/** Passwords are at least this long (the server's rule too). */
export const MIN_PASSWORD_LENGTH = 12;

/** Where to go after signing in: a dashboard route, never the sign-in page itself; the floor map otherwise. */
export function safeNext(next: string | null | undefined): string {
  return next && /^#\/[a-z][a-z-]*(\?[^#]*)?$/.test(next) && !next.startsWith('#/sign-in') ? next : '#/floor';
}

/** The sign-in page's address, remembering where the planner was going. */
export function signInHash(next?: string): string {
  const target = next ? safeNext(next) : undefined;
  return target && target !== '#/floor' ? `#/sign-in?${new URLSearchParams({ next: target }).toString()}` : '#/sign-in';
}

/** A wait in words: "40 seconds", "3 minutes". */
export function waitText(seconds: number): string {
  if (seconds < 90) {
    const n = Math.max(1, Math.round(seconds));
    return `${n} second${n === 1 ? '' : 's'}`;
  }
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** What to tell a person whose sign-in was refused. */
export function signInProblem(e: unknown): string {
  if (!(e instanceof ApiError)) return `Could not reach Hearth (${(e as Error).message}). Check the connection and try again.`;
  if (e.status === 401) return 'Wrong e-mail address or password.';
  if (e.status === 429)
    return `Too many sign-in attempts from this computer or for this account. ${e.retryAfter !== undefined ? `Wait ${waitText(e.retryAfter)}` : 'Wait a minute'} and try again; this protects accounts from password guessing.`;
  if (e.status === 404) return 'This Hearth has no accounts to sign in to.';
  return `Could not sign in: ${e.message}`;
}

/** Checks a new password and its repetition; the problem in words, or null when it will do. */
export function passwordProblem(password: string, repeated: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password needs at least ${MIN_PASSWORD_LENGTH} characters (a few words make a good one).`;
  if (password !== repeated) return 'The two passwords differ: type the same one twice.';
  return null;
}
