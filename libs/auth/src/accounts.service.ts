import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { HearthError } from '@hearth/common';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { AuthService, sitesOf } from './auth.service.js';
import type { Role } from './roles.js';
import { hashPassword, newToken, sha256 } from './secrets.js';

/** An account or API key's sites as the API takes and gives them: every site, or a list of site keys. */
export type SiteGrant = '*' | string[];

export interface AccountInput {
  email: string;
  name?: string;
  role: Role;
  sites: SiteGrant;
  password?: string;
}

export interface AccountView {
  id: number;
  email: string;
  name: string;
  role: Role;
  sites: SiteGrant;
  hasPassword: boolean;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface ApiKeyView {
  id: number;
  label: string;
  role: Role;
  sites: SiteGrant;
  fromEnv: boolean;
  createdAt: Date;
  revokedAt: Date | null;
}

const grantOf = (allSites: boolean, sites: string[] | null): SiteGrant => (allSites ? '*' : (sites ?? []));
const FIRST_ADMIN_LOCK = 'hearth:first-admin';

/**
 * Staff accounts and integrations' API keys, kept by administrators, and the
 * first start: without any account, the first administrator is created from
 * HEARTH_ADMIN_EMAIL / HEARTH_ADMIN_PASSWORD, or as `admin` with a one-time
 * sign-in link printed to the log. HEARTH_ADMIN_API_KEY is kept in step with
 * the setting: accepted while set, revoked once removed or changed.
 */
@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly log = new Logger('Access');

  constructor(
    private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Accounts and keys are the API's business: an ingest worker, which serves no API, neither creates the first administrator nor syncs (or revokes) HEARTH_ADMIN_API_KEY.
    if (this.config.role === 'ingest') return;
    const link = await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [FIRST_ADMIN_LOCK]);
      await this.syncEnvApiKey(m);
      return this.ensureFirstAdmin(m);
    });
    this.auth.forgetApiKeys();
    if (link) {
      const { url, expiresAt } = await this.auth.createLink(link.accountId);
      this.log.warn(`No administrator has a password yet. Sign in as "admin" once with this link (valid until ${expiresAt.toISOString()}) and choose one: ${url}`);
    }
  }

  /** Every account, or only the one with `id`. */
  async listAccounts(id?: number): Promise<AccountView[]> {
    const rows = await this.dataSource.query(
      `SELECT a.id, a.email, a.name, a.role, a.all_sites, a.password_hash IS NOT NULL AS has_password, a.created_at, a.disabled_at,
              ${sitesOf('account', 'a')}
         FROM account a WHERE $1::int IS NULL OR a.id = $1 ORDER BY a.id`,
      [id ?? null],
    );
    return rows.map((r: Record<string, never>) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: r.role,
      sites: grantOf(r.all_sites, r.sites),
      hasPassword: r.has_password,
      createdAt: r.created_at,
      disabledAt: r.disabled_at,
    }));
  }

  async account(id: number): Promise<AccountView> {
    const [found] = await this.listAccounts(id);
    if (!found) throw HearthError.notFound('account', id);
    return found;
  }

  /** Creates an account; without a password, the answer carries a one-time sign-in link for the person. */
  async createAccount(input: AccountInput): Promise<AccountView & { signInLink?: { url: string; expiresAt: Date } }> {
    const id = await this.dataSource.transaction(async (m) => {
      const [row] = await m.query(
        `INSERT INTO account (email, name, role, all_sites, password_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (lower(email)) DO NOTHING RETURNING id`,
        [input.email, input.name ?? '', input.role, input.sites === '*' || input.role === 'admin', input.password ? await hashPassword(input.password) : null],
      );
      if (!row) throw new HearthError('CONFLICT', `an account for "${input.email}" exists already`);
      await this.setSites(m, 'account', row.id, input.role === 'admin' ? '*' : input.sites);
      return row.id as number;
    });
    const view = await this.account(id);
    return input.password ? view : { ...view, signInLink: await this.auth.createLink(id, 72) };
  }

  /** Changes an account's name, role, sites or disabled state; disabling ends its sessions. */
  async updateAccount(id: number, change: { name?: string; role?: Role; sites?: SiteGrant; disabled?: boolean }): Promise<AccountView> {
    const before = await this.account(id);
    const role = change.role ?? before.role;
    await this.dataSource.transaction(async (m) => {
      if (before.role === 'admin' && (role !== 'admin' || change.disabled)) await this.keepOneAdmin(m, id);
      await m.query(`UPDATE account SET name = COALESCE($2, name), role = $3, disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at WHEN $4 THEN COALESCE(disabled_at, now()) ELSE NULL END WHERE id = $1`, [
        id,
        change.name ?? null,
        role,
        change.disabled ?? null,
      ]);
      if (change.sites !== undefined || role === 'admin') await this.setSites(m, 'account', id, role === 'admin' ? '*' : (change.sites ?? before.sites));
      if (change.disabled || change.role || change.sites) await m.query(`DELETE FROM auth_session WHERE account_id = $1`, [id]);
    });
    return this.account(id);
  }

  async deleteAccount(id: number): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [row] = await m.query(`SELECT role FROM account WHERE id = $1`, [id]);
      if (!row) throw HearthError.notFound('account', id);
      if (row.role === 'admin') await this.keepOneAdmin(m, id);
      await m.query(`DELETE FROM account WHERE id = $1`, [id]);
    });
  }

  /** A fresh one-time sign-in link for an account (a forgotten password); its sessions end. */
  async resetLink(id: number): Promise<{ url: string; expiresAt: Date }> {
    await this.account(id);
    await this.dataSource.query(`DELETE FROM auth_session WHERE account_id = $1`, [id]);
    return this.auth.createLink(id, 72);
  }

  /** Every API key, or only the one with `id`. */
  async listApiKeys(id?: number): Promise<ApiKeyView[]> {
    const rows = await this.dataSource.query(
      `SELECT k.id, k.label, k.role, k.all_sites, k.from_env, k.created_at, k.revoked_at,
              ${sitesOf('api_key', 'k')}
         FROM api_key k WHERE $1::int IS NULL OR k.id = $1 ORDER BY k.id`,
      [id ?? null],
    );
    return rows.map((r: Record<string, never>) => ({ id: r.id, label: r.label, role: r.role, sites: grantOf(r.all_sites, r.sites), fromEnv: r.from_env, createdAt: r.created_at, revokedAt: r.revoked_at }));
  }

  /** Issues an API key; the key itself is in this answer only. */
  async createApiKey(input: { label: string; role: Role; sites: SiteGrant }): Promise<ApiKeyView & { key: string }> {
    const key = newToken('hka');
    const id = await this.dataSource.transaction(async (m) => {
      const [row] = await m.query(`INSERT INTO api_key (label, role, all_sites, key_hash) VALUES ($1, $2, $3, $4) RETURNING id`, [input.label, input.role, input.sites === '*' || input.role === 'admin', sha256(key)]);
      await this.setSites(m, 'api_key', row.id, input.role === 'admin' ? '*' : input.sites);
      return row.id as number;
    });
    const [view] = await this.listApiKeys(id);
    return { ...view, key };
  }

  async revokeApiKey(id: number): Promise<void> {
    // An UPDATE answers [rows, count].
    const [rows] = await this.dataSource.query(`UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL AND NOT from_env RETURNING id`, [id]);
    if (!rows.length) throw HearthError.notFound('active API key (keys from HEARTH_ADMIN_API_KEY are revoked by unsetting it)', id);
    this.auth.forgetApiKeys();
  }

  private async setSites(m: EntityManager, holder: 'account' | 'api_key', id: number, sites: SiteGrant): Promise<void> {
    await m.query(`UPDATE ${holder} SET all_sites = $2 WHERE id = $1`, [id, sites === '*']);
    await m.query(`DELETE FROM access_site WHERE ${holder}_id = $1`, [id]);
    if (sites === '*' || !sites.length) return;
    const found: { id: number; key: string }[] = await m.query(`SELECT id, key FROM site WHERE key = ANY($1)`, [sites]);
    const missing = sites.filter((s) => !found.some((f) => f.key === s));
    if (missing.length) throw new HearthError('INVALID_INPUT', `no site ${missing.map((s) => `"${s}"`).join(', ')}`);
    await m.query(`INSERT INTO access_site (${holder}_id, site_id) SELECT $1, unnest($2::int[])`, [id, found.map((f) => f.id)]);
  }

  /** Refuses to demote, disable or delete the last enabled administrator. */
  private async keepOneAdmin(m: EntityManager, leaving: number): Promise<void> {
    const [row] = await m.query(`SELECT count(*)::int AS n FROM account WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1`, [leaving]);
    if (!row.n) throw new HearthError('CONFLICT', 'this is the last administrator: make another account an administrator first');
  }

  private async syncEnvApiKey(m: EntityManager): Promise<void> {
    const key = this.config.auth.adminApiKey;
    if (key) {
      await m.query(
        `INSERT INTO api_key (label, role, all_sites, key_hash, from_env) VALUES ('HEARTH_ADMIN_API_KEY', 'admin', true, $1, true)
         ON CONFLICT (key_hash) DO UPDATE SET role = 'admin', all_sites = true, from_env = true, revoked_at = NULL`,
        [sha256(key)],
      );
    }
    await m.query(`UPDATE api_key SET revoked_at = now() WHERE from_env AND revoked_at IS NULL AND key_hash <> $1`, [key ? sha256(key) : '']);
  }

  /** Creates the first administrator when there is no account; returns the account needing a sign-in link, if any. */
  private async ensureFirstAdmin(m: EntityManager): Promise<{ accountId: number } | null> {
    const { adminEmail, adminPassword } = this.config.auth;
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM account`);
    if (n === 0 && adminEmail && adminPassword) {
      await m.query(`INSERT INTO account (email, name, role, all_sites, password_hash) VALUES ($1, 'Administrator', 'admin', true, $2)`, [adminEmail, await hashPassword(adminPassword)]);
      this.log.log(`Created the first administrator, ${adminEmail}, from HEARTH_ADMIN_EMAIL`);
      return null;
    }
    if (n === 0) {
      const [row] = await m.query(`INSERT INTO account (email, name, role, all_sites) VALUES ('admin', 'Administrator', 'admin', true) RETURNING id`);
      return { accountId: row.id };
    }
    // Until some administrator has chosen a password, each start prints a fresh link for the first one.
    const [waiting] = await m.query(`SELECT id FROM account WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id LIMIT 1`);
    const [withPassword] = await m.query(`SELECT 1 FROM account WHERE role = 'admin' AND password_hash IS NOT NULL AND disabled_at IS NULL LIMIT 1`);
    return waiting && !withPassword ? { accountId: waiting.id } : null;
  }
}
