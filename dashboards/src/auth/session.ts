/**
 * Who is using the dashboard: the signed-in account (or the API key a script
 * or a test browser sends), its role and its sites, as the server reports
 * them at /api/v1/auth/me. The server decides every request on its own; the
 * dashboard only uses the role to leave out what the person cannot use.
 */
import { ApiError, get, post, setCsrfToken } from '../api/client.js';

/** The roles, weakest first; each can do everything the ones before it can (the server's list, libs/auth/src/roles.ts). */
export const ROLES = ['viewer', 'planner', 'director', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = { viewer: 'viewer', planner: 'planner', director: 'director', admin: 'administrator' };

/** Who is calling, as the server describes it. */
export interface Principal {
  kind: 'session' | 'api-key';
  id: number;
  /** An account's e-mail, or an API key's label. */
  name: string;
  role: Role;
  /** The site keys it may see; '*' for every site. */
  sites: '*' | string[];
}

/** What the sign-in routes and /auth/me answer. */
export interface SessionAnswer {
  principal: Principal;
  csrfToken?: string;
  /** After a one-time sign-in link: the account has no password yet. */
  mustSetPassword?: boolean;
}

/**
 * - `signed-in`: `principal` says who;
 * - `signed-out`: the server wants a sign-in;
 * - `open`: the server has no accounts (it answered /auth/me with 404), so nothing to sign in to.
 */
export type SessionState = { state: 'signed-in'; principal: Principal } | { state: 'signed-out' } | { state: 'open' };

let current: SessionState | null = null;

/** The session as last learnt; null before the first `loadSession`. */
export const session = (): SessionState | null => current;

/** Records a sign-in (or a one-time link's) answer as the current session. */
export function signedIn(answer: SessionAnswer): void {
  setCsrfToken(answer.csrfToken);
  current = { state: 'signed-in', principal: answer.principal };
}

/** Forgets the session here (after signing out, or when the server answered 401). */
export function forget(): void {
  setCsrfToken(null);
  current = { state: 'signed-out' };
}

/** Asks the server who this browser is; the CSRF token comes with the answer. */
export async function loadSession(): Promise<SessionState> {
  try {
    signedIn(await get<SessionAnswer>('/auth/me'));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 401) forget();
    else if (e.status === 404) {
      setCsrfToken(null);
      current = { state: 'open' };
    } else throw e;
  }
  return current!;
}

/** The current session's CSRF token, fetched again (the client calls this when the server refused the one it had). */
export async function freshCsrfToken(): Promise<string | null> {
  const answer = await get<SessionAnswer>('/auth/me');
  signedIn(answer);
  return answer.csrfToken ?? null;
}

/** True when the current person may use what `needed` may; true on a server without accounts (it decides anyway). */
export function can(needed: Role | undefined): boolean {
  if (!needed || !current || current.state === 'open') return true;
  if (current.state !== 'signed-in') return false;
  return ROLES.indexOf(current.principal.role) >= ROLES.indexOf(needed);
}

/** Signs out on the server (which clears the cookie) and here. */
export async function signOut(): Promise<void> {
  try {
    await post('/auth/sign-out');
  } finally {
    forget();
  }
}
