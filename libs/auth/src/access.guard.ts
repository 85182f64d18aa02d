import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { parse as parseCookies } from 'cookie';
import { DataSource } from 'typeorm';
import { HearthError } from '@hearth/common';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { ACCESS_RULE, type AccessRule, type AuthenticatedRequest, type ScopedEntity, type SiteScope } from './access.js';
import { AuthService } from './auth.service.js';
import { coversSite, roleAtLeast, type Principal } from './roles.js';
import { csrfTokenOf } from './secrets.js';

export const SESSION_COOKIE = 'hearth_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The site key of each kind of record a route may name by id. */
const SITE_OF: Record<ScopedEntity, string> = {
  floor: `SELECT s.key FROM floor f JOIN site s ON s.id = f.site_id WHERE f.id = $1`,
  zone: `SELECT s.key FROM zone z JOIN site s ON s.id = z.site_id WHERE z.id = $1`,
  sensor: `SELECT s.key FROM sensor x JOIN site s ON s.id = x.site_id WHERE x.id = $1`,
  period: `SELECT s.key FROM site_period p JOIN site s ON s.id = p.site_id WHERE p.id = $1`,
  'device-token': `SELECT s.key FROM device_token t JOIN site s ON s.id = t.site_id WHERE t.id = $1`,
};

/**
 * The one place access is decided. For each HTTP route it reads the rule
 * the controller states, finds the caller (API key or dashboard session),
 * checks the role, the site scope and, for a session changing something, the
 * CSRF token and the Origin. A route that states no rule is refused.
 *
 * Answers: 401 without a valid caller, 403 for a role too weak, another
 * site named by key, or a missing CSRF token, and 404 for a record of
 * another site named by id (as if it did not exist, so ids tell nothing).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly log = new Logger('Access');

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly dataSource: DataSource,
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [ctx.getHandler(), ctx.getClass()]);
    if (!rule) {
      this.log.error(`${ctx.getClass().name}.${ctx.getHandler().name} states no access rule: refused`);
      throw new HearthError('FORBIDDEN', 'this route is closed');
    }
    if ('public' in rule || 'device' in rule) return true;
    if ('metrics' in rule && this.config.metricsPublic) return true;

    await this.identify(req);
    const principal = req.principal;
    if (!principal) throw new HearthError('UNAUTHENTICATED', 'sign in, or send an API key as "Authorization: Bearer <key>"');
    if (req.sessionToken && !SAFE_METHODS.has(req.method)) this.checkCsrf(req, req.sessionToken);

    const needed = 'metrics' in rule ? 'admin' : rule.role;
    if (!roleAtLeast(principal.role, needed)) throw new HearthError('FORBIDDEN', `this needs the ${needed} role; ${principal.name} is ${principal.role}`);
    if ('role' in rule) await this.checkScope(req, principal, rule.scope);
    return true;
  }

  /** Finds the caller: an API key in the Authorization header, else the session cookie. */
  private async identify(req: Request & AuthenticatedRequest): Promise<void> {
    const header = req.headers.authorization;
    if (header) {
      const [scheme, key] = header.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !key) throw new HearthError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <API key>"');
      req.principal = (await this.auth.apiKeyPrincipal(key)) ?? undefined;
      if (!req.principal) throw new HearthError('UNAUTHENTICATED', 'this API key is unknown or revoked');
      return;
    }
    const token = req.headers.cookie ? parseCookies(req.headers.cookie)[SESSION_COOKIE] : undefined;
    if (!token) return;
    const session = await this.auth.session(token);
    if (!session) throw new HearthError('UNAUTHENTICATED', 'your session has ended: sign in again');
    req.principal = session.principal;
    req.sessionToken = token;
  }

  /** A change made with a session cookie must come from Hearth's own pages: same origin, with the session's CSRF token. */
  private checkCsrf(req: Request, sessionToken: string): void {
    const origin = req.headers.origin;
    if (origin && origin !== 'null') {
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        host = undefined;
      }
      if (host !== req.headers.host && !this.config.http.corsOrigins.includes(origin)) throw new HearthError('FORBIDDEN', `requests from ${origin} may not change anything here`);
    } else if (origin === 'null') {
      throw new HearthError('FORBIDDEN', 'requests from an opaque origin may not change anything here');
    }
    if (req.headers[CSRF_HEADER] !== csrfTokenOf(sessionToken)) throw new HearthError('FORBIDDEN', 'missing or wrong X-CSRF-Token header: reload the page');
  }

  private async checkScope(req: Request, principal: Principal, scope: SiteScope | undefined): Promise<void> {
    if (principal.sites === '*') return;
    const resolved: SiteScope | undefined = scope ?? (req.params.site !== undefined ? { param: 'site' } : undefined);
    if (!resolved) {
      this.log.error(`${req.method} ${req.route?.path ?? req.path} states no site scope: refused for a caller limited to some sites`);
      throw new HearthError('FORBIDDEN', 'this route is for callers covering every site');
    }
    if (resolved === 'filtered') return;
    if (resolved === 'all-sites') throw new HearthError('FORBIDDEN', `this works across sites; ${principal.name} covers ${principal.sites.join(', ') || 'no site'}`);
    if ('query' in resolved) {
      const raw = req.query[resolved.query];
      const keys = (Array.isArray(raw) ? raw.join(',') : typeof raw === 'string' ? raw : '').split(',').map((s) => s.trim()).filter(Boolean);
      const outside = keys.filter((k) => !coversSite(principal, k));
      if (outside.length) throw new HearthError('FORBIDDEN', `${principal.name} does not cover ${outside.map((k) => `"${k}"`).join(', ')}`);
      return;
    }
    const value = req.params[resolved.param];
    const entity = 'entity' in resolved ? (resolved.entity as ScopedEntity) : undefined;
    if (entity) {
      const id = Number(value);
      // A malformed id is the handler's 400; an unknown one its 404.
      if (!Number.isSafeInteger(id) || id <= 0 || id > 2 ** 31 - 1) return;
      const [row] = await this.dataSource.query<{ key: string }[]>(SITE_OF[entity], [id]);
      if (row && !coversSite(principal, row.key)) throw new HearthError('NOT_FOUND', `${entity} "${value}" does not exist`);
      return;
    }
    if (typeof value === 'string' && !coversSite(principal, value)) throw new HearthError('FORBIDDEN', `${principal.name} does not cover site "${value}"`);
  }
}
