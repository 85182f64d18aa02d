import express from 'express';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { HearthConfig } from '@hearth/config';

type Directives = Record<string, string[]>;

/**
 * The dashboard's Content-Security-Policy: scripts and stylesheets only from
 * Hearth itself, never inline, so a zone name that carries markup can neither
 * run a script nor restyle the page; requests (the API, the live stream) only
 * to Hearth; no plug-ins; never inside another site's frame.
 */
const DASHBOARD: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The patrons' page (/public/<site>): the dashboard's policy, except that a library may show it in a frame on its own website. */
const PUBLIC_PAGE: Directives = { ...DASHBOARD, 'frame-ancestors': ['*'] };

/**
 * The API documentation at /api/docs: its page carries its own inline
 * stylesheet, so styles may be inline there (and only there). Scripts stay
 * files from Hearth.
 */
const API_DOCS: Directives = { ...DASHBOARD, 'style-src': ["'self'", "'unsafe-inline'"] };

/**
 * API answers are data, never pages: a JSON body, an export or an uploaded
 * floor plan opened on its own renders inert (no scripts, no requests, in a
 * sandbox). Inline styles stay allowed so a floor plan's SVG still looks right.
 */
const API: Directives = {
  'default-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'frame-ancestors': ["'none'"],
  sandbox: [],
};

const csp = (directives: Directives, https: boolean) =>
  helmet.contentSecurityPolicy({ useDefaults: false, directives: https ? { ...directives, 'upgrade-insecure-requests': [] } : directives });

/** Request bodies of the sign-in routes and the patrons' poll: a few fields, so a small limit. */
const SMALL_JSON_ROUTES = ['/api/v1/auth', '/api/v1/public'];
export const SMALL_JSON_LIMIT = '16kb';

/**
 * Hardens Hearth's web server before any route or static file is served:
 * - security headers (helmet) with a Content-Security-Policy per kind of
 *   answer: the dashboard's (no inline script or style), the public page's
 *   (the same, but embeddable in a library's website), the API docs' (inline
 *   styles allowed for that page only) and the API's (inert);
 * - HSTS and upgrade-insecure-requests only when Hearth's public address is
 *   https (a laptop install on plain http would otherwise lock itself out);
 * - CORS only for the origins listed in CORS_ORIGINS (with credentials), none
 *   otherwise: the dashboard is served by Hearth itself and needs none;
 * - the caller's address from X-Forwarded-For only behind a configured
 *   reverse proxy (TRUST_PROXY: one hop), so sign-in rate limits count real
 *   addresses and a client cannot pick its own;
 * - small JSON bodies (16 KB) on the sign-in and public routes, ahead of the
 *   general body parsers.
 */
export function hardenHttp(app: NestExpressApplication, config: HearthConfig): void {
  const https = config.http.publicUrl.startsWith('https:');
  app.set('trust proxy', config.http.trustProxy ? 1 : false);
  app.disable('x-powered-by');

  app.use(
    helmet({
      contentSecurityPolicy: false,
      xFrameOptions: { action: 'deny' },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  const policies = { dashboard: csp(DASHBOARD, https), publicPage: csp(PUBLIC_PAGE, https), docs: csp(API_DOCS, https), api: csp(API, https) };
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    const p = req.path;
    if (p === '/api/docs' || p.startsWith('/api/docs/')) return policies.docs(req, res, next);
    if (p.startsWith('/api/') || p === '/metrics' || p.startsWith('/health')) return policies.api(req, res, next);
    if (p.startsWith('/public/')) {
      res.removeHeader('X-Frame-Options');
      return policies.publicPage(req, res, next);
    }
    return policies.dashboard(req, res, next);
  });

  if (config.http.corsOrigins.length) {
    app.enableCors({
      origin: config.http.corsOrigins,
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Accept', 'Authorization', 'Content-Type', 'X-CSRF-Token'],
      exposedHeaders: ['Content-Disposition', 'Retry-After'],
      maxAge: 600,
    });
  }

  app.use(SMALL_JSON_ROUTES, express.json({ limit: SMALL_JSON_LIMIT }));
}
