import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** SHA-256 in hex: how session tokens, sign-in links and API keys are stored. */
export const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new random token with a prefix saying what it is (`hka_` API key, `hss_` session, `hsl_` sign-in link). */
export const newToken = (prefix: 'hka' | 'hss' | 'hsl'): string => `${prefix}_${randomBytes(32).toString('base64url')}`;

/** The CSRF token of a session: derived from the session token, which scripts never see (HttpOnly cookie). */
export const csrfTokenOf = (sessionToken: string): string => createHash('sha256').update(`csrf\0${sessionToken}`).digest('base64url');

/** An argon2id hash of a password (OWASP's parameters: 19 MiB, 2 passes). */
export const hashPassword = (password: string): Promise<string> => hash(password);

let decoy: Promise<string> | undefined;

/**
 * Whether `password` matches `stored`. Without a stored hash (no such account,
 * or one that never set a password) a decoy hash is checked instead, so the
 * answer takes as long either way and does not tell which accounts exist.
 */
export async function checkPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    decoy ??= hash(randomBytes(16).toString('hex'));
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
