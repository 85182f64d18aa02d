import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HearthError } from '@hearth/common';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import type { Principal, Role } from './roles.js';
import { checkPassword, csrfTokenOf, hashPassword, newToken, sha256 } from './secrets.js';

const API_KEY_CACHE_MS = 30_000;

interface HolderRow {
  id: number;
  name: string;
  role: Role;
  all_sites: boolean;
  sites: string[] | null;
}

/** The SQL that reads an account's or API key's sites (`holder` is `account` or `api_key`). */
export const sitesOf = (holder: 'account' | 'api_key', alias: string) =>
  `(SELECT array_agg(gs.key ORDER BY gs.key) FROM access_site g JOIN site gs ON gs.id = g.site_id WHERE g.${holder}_id = ${alias}.id) AS sites`;

const toPrincipal = (kind: Principal['kind'], row: HolderRow): Principal => ({ kind, id: row.id, name: row.name, role: row.role, sites: row.all_sites ? '*' : (row.sites ?? []) });

/** What the dashboard gets back when a session starts or is looked up. */
export interface SessionAnswer {
  principal: Principal;
  csrfToken: string;
  mustSetPassword: boolean;
}

/**
 * Signs people in and out, and tells the access guard who is calling: a
 * dashboard session (cookie) or an API key (Bearer header). Tokens are stored
 * as SHA-256 hashes, passwords as argon2id; nothing about the caller's
 * address or browser is kept.
 */
@Injectable()
export class AuthService {
  private readonly apiKeys = new Map<string, { principal: Principal | null; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
  ) {}

  /** The principal of an API key, or null for an unknown or revoked one. Cached briefly. */
  async apiKeyPrincipal(key: string): Promise<Principal | null> {
    const h = sha256(key);
    const hit = this.apiKeys.get(h);
    if (hit && hit.until > Date.now()) return hit.principal;
    const [row] = await this.dataSource.query<HolderRow[]>(`SELECT k.id, k.label AS name, k.role, k.all_sites, ${sitesOf('api_key', 'k')} FROM api_key k WHERE k.key_hash = $1 AND k.revoked_at IS NULL`, [h]);
    const principal = row ? toPrincipal('api-key', row) : null;
    if (this.apiKeys.size > 10_000) this.apiKeys.clear();
    this.apiKeys.set(h, { principal, until: Date.now() + API_KEY_CACHE_MS });
    return principal;
  }

  /** Forgets cached API keys (after one is revoked or changed). */
  forgetApiKeys(): void {
    this.apiKeys.clear();
  }

  /** The session of `token`, or null when it is unknown, expired or its account is disabled. */
  async session(token: string): Promise<SessionAnswer | null> {
    const [row] = await this.dataSource.query<(HolderRow & { must_set_password: boolean })[]>(
      `SELECT a.id, a.email AS name, a.role, a.all_sites, ${sitesOf('account', 'a')}, s.must_set_password
         FROM auth_session s JOIN account a ON a.id = s.account_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND a.disabled_at IS NULL`,
      [sha256(token)],
    );
    return row ? { principal: toPrincipal('session', row), csrfToken: csrfTokenOf(token), mustSetPassword: row.must_set_password } : null;
  }

  /** Checks an e-mail and password and starts a session; the same error for an unknown account and a wrong password. */
  async signIn(email: string, password: string): Promise<{ token: string } & SessionAnswer> {
    const [row] = await this.dataSource.query<{ id: number; password_hash: string | null; disabled_at: Date | null }[]>(`SELECT id, password_hash, disabled_at FROM account WHERE lower(email) = lower($1)`, [email]);
    const ok = await checkPassword(row && !row.disabled_at ? row.password_hash : null, password);
    if (!row || !ok) throw new HearthError('UNAUTHENTICATED', 'wrong e-mail or password');
    return this.startSession(row.id, false);
  }

  /** Uses a one-time sign-in link: a session that must set a password next. */
  async useLink(linkToken: string): Promise<{ token: string } & SessionAnswer> {
    // An UPDATE answers [rows, count].
    const [[row]] = await this.dataSource.query<[{ account_id: number }[], number]>(
      `UPDATE sign_in_link l SET used_at = now() FROM account a
        WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > now() AND a.id = l.account_id AND a.disabled_at IS NULL
        RETURNING l.account_id`,
      [sha256(linkToken)],
    );
    if (!row) throw new HearthError('UNAUTHENTICATED', 'this sign-in link is unknown, used or expired: ask an administrator for a new one');
    return this.startSession(row.account_id, true);
  }

  /** A new one-time sign-in link for an account, valid `hours`; earlier unused links of the account stop working. */
  async createLink(accountId: number, hours = 24): Promise<{ url: string; expiresAt: Date }> {
    const token = newToken('hsl');
    await this.dataSource.query(`DELETE FROM sign_in_link WHERE account_id = $1 OR expires_at < now()`, [accountId]);
    const [row] = await this.dataSource.query<{ expires_at: Date }[]>(
      `INSERT INTO sign_in_link (token_hash, account_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at`,
      [sha256(token), accountId, hours * 3600],
    );
    return { url: `${this.config.http.publicUrl}/#/sign-in?link=${token}`, expiresAt: row!.expires_at };
  }

  /**
   * Sets the password of a signed-in person. A session started from a link
   * sets one without the current password; any other needs it. Every other
   * session of the account ends.
   */
  async setPassword(sessionToken: string, password: string, currentPassword: string | undefined): Promise<void> {
    const [row] = await this.dataSource.query<{ id: number; account_id: number; must_set_password: boolean; password_hash: string | null }[]>(
      `SELECT s.id, s.account_id, s.must_set_password, a.password_hash FROM auth_session s JOIN account a ON a.id = s.account_id WHERE s.token_hash = $1 AND s.expires_at > now()`,
      [sha256(sessionToken)],
    );
    if (!row) throw new HearthError('UNAUTHENTICATED', 'sign in first');
    if (!row.must_set_password && !(await checkPassword(row.password_hash, currentPassword ?? ''))) throw new HearthError('FORBIDDEN', 'the current password is wrong');
    await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE account SET password_hash = $2 WHERE id = $1`, [row.account_id, await hashPassword(password)]);
      await m.query(`UPDATE auth_session SET must_set_password = false WHERE id = $1`, [row.id]);
      await m.query(`DELETE FROM auth_session WHERE account_id = $1 AND id <> $2`, [row.account_id, row.id]);
    });
  }

  /** Ends a session. */
  async signOut(sessionToken: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM auth_session WHERE token_hash = $1`, [sha256(sessionToken)]);
  }

  private async startSession(accountId: number, mustSetPassword: boolean): Promise<{ token: string } & SessionAnswer> {
    const token = newToken('hss');
    await this.dataSource.query(`DELETE FROM auth_session WHERE expires_at < now()`);
    await this.dataSource.query(`INSERT INTO auth_session (token_hash, account_id, expires_at, must_set_password) VALUES ($1, $2, now() + make_interval(secs => $3), $4)`, [
      sha256(token),
      accountId,
      Math.round(this.config.auth.sessionHours * 3600),
      mustSetPassword,
    ]);
    const answer = await this.session(token);
    return { token, ...answer! };
  }
}
