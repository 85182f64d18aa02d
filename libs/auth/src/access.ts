import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal, Role } from './roles.js';

/** Where a route's site comes from, for the site-scope check. */
export type SiteScope =
  /** A path parameter holding the site key (`:site` is read without saying so). */
  | { param: string }
  /** A path parameter holding the id of something that belongs to one site. */
  | { entity: ScopedEntity; param: string }
  /** A query parameter listing site keys, comma-separated: every one must be covered. */
  | { query: string }
  /** No one site: the handler shows only what the caller's sites allow (e.g. the list of sites). */
  | 'filtered'
  /** Across sites or before any site: only callers covering every site. */
  | 'all-sites';

export type ScopedEntity = 'floor' | 'zone' | 'sensor' | 'period' | 'device-token';

/**
 * Who may call a route. Every controller states it (on the class, and on a
 * method where it differs); the access guard enforces it in one place and
 * refuses any route that states nothing.
 */
export type AccessRule =
  | { public: true }
  /** /metrics: public or administrators only, as METRICS_PUBLIC says. */
  | { metrics: true }
  /** Ingestion: the handler checks a device token itself. */
  | { device: true }
  | { role: Role; scope?: SiteScope };

export const ACCESS_RULE = 'hearth:access-rule';

/** The route answers anyone (health, the patrons' public page). */
export const Public = () => SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule);
/** The route is the metrics scrape. */
export const MetricsAccess = () => SetMetadata(ACCESS_RULE, { metrics: true } satisfies AccessRule);
/** The route takes readings from devices, authenticated by the handler with a device token. */
export const DeviceAccess = () => SetMetadata(ACCESS_RULE, { device: true } satisfies AccessRule);
/** The route needs at least `role`, on the site `scope` names (default: the `:site` parameter). */
export const Allow = (role: Role, scope?: SiteScope) => SetMetadata(ACCESS_RULE, { role, scope } satisfies AccessRule);

/** The request's caller, as the access guard found it (absent on public routes). */
export interface AuthenticatedRequest {
  principal?: Principal;
  /** The session token when the caller signed in through the dashboard. */
  sessionToken?: string;
}

/** The caller of a guarded route, as a handler parameter. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal);
