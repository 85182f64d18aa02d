import path from 'node:path';
import { z } from 'zod';
import { envSchema } from './env.schema.js';

export type HearthRole = 'all' | 'api' | 'ingest';

/** The validated, nested configuration every part of Hearth reads. */
export interface HearthConfig {
  role: HearthRole;
  /** `corsOrigins`: other origins allowed to call the API from a browser (none by default); `trustProxy`: the caller's address comes from X-Forwarded-For. */
  http: { host: string; port: number; publicUrl: string; corsOrigins: string[]; trustProxy: boolean };
  /**
   * People and integrations. `admin*`: the first administrator, created at a
   * first start when set (otherwise a one-time sign-in link is printed);
   * sessions last `sessionHours`; cookies are Secure when `cookieSecure`.
   */
  auth: { adminEmail?: string; adminPassword?: string; adminApiKey?: string; sessionHours: number; cookieSecure: boolean; signInAttemptsPerMinute: number };
  dataDir: string;
  logLevel: string;
  database: { url?: string; poolSize: number; migrateOnStart: boolean; embeddedPort: number };
  /** `allowAnonymous`: the embedded broker accepts clients without credentials (never on by default). */
  mqtt: { url?: string; host: string; port: number; username?: string; password?: string; clientId: string; shareGroup?: string; allowAnonymous: boolean };
  ingest: { maxAgeHours: number; maxFutureMinutes: number; spoolMaxBytes: number; httpRatePerSecond: number; httpBurst: number };
  demo: { enabled: boolean; siteFile: string; historyWeeks: number; speed: number };
  /** How often marked days are rolled up (0: never, e.g. a pure ingest process). */
  rollup: { intervalMs: number };
  metricsEnabled: boolean;
  /** /metrics answers without signing in (for a Prometheus on the same network). */
  metricsPublic: boolean;
  /** The patrons' public page: head counts below `minCount` are published as "few". */
  publicPage: { minCount: number };
  /** Analytics read by the viewer role: counts of people below this are withheld (1: none are). */
  viewerMinCount: number;
  /** The patrons' poll: a zone (or a dimension) with fewer than `minAnswers` answers in a window has no published scores. */
  poll: { minAnswers: number };
  /** Analytics answers kept while their rollups are unchanged; 0 bytes turns it off. */
  queryCache: { maxBytes: number };
  /** The recommendation rules' thresholds and texts (YAML). */
  recommendations: { file: string };
  /** Directors' reports made on a schedule: into `dir`, and POSTed to `webhookUrl` when set. */
  reports: { schedule: 'off' | 'weekly' | 'monthly'; dir: string; webhookUrl: string | null };
  /** Days raw readings are kept (0: for ever; aggregates always stay), and dead letters and unclaimed sensors' readings. */
  retention: { rawDays: number; deadLetterDays: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Hearth cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once, at boot, and maps it into `HearthConfig`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): HearthConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(describeIssue));
  const e = parsed.data;
  return {
    role: e.HEARTH_ROLE,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl: e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`,
      corsOrigins: e.CORS_ORIGINS,
      trustProxy: e.TRUST_PROXY,
    },
    auth: {
      adminEmail: e.HEARTH_ADMIN_EMAIL,
      adminPassword: e.HEARTH_ADMIN_PASSWORD,
      adminApiKey: e.HEARTH_ADMIN_API_KEY,
      sessionHours: e.SESSION_HOURS,
      // Secure cookies whenever the public address is https; a plain-http install (a laptop) could not sign in otherwise.
      cookieSecure: e.COOKIE_SECURE ?? (e.PUBLIC_URL?.startsWith('https:') ?? false),
      signInAttemptsPerMinute: e.SIGN_IN_ATTEMPTS_PER_MINUTE,
    },
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    database: { url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, migrateOnStart: e.DATABASE_MIGRATE_ON_START, embeddedPort: e.EMBEDDED_PG_PORT },
    mqtt: {
      url: e.MQTT_URL,
      host: e.MQTT_HOST,
      port: e.MQTT_PORT,
      username: e.MQTT_USERNAME,
      password: e.MQTT_PASSWORD,
      clientId: e.MQTT_CLIENT_ID,
      shareGroup: e.MQTT_SHARE_GROUP,
      allowAnonymous: e.MQTT_ALLOW_ANONYMOUS,
    },
    ingest: {
      maxAgeHours: e.INGEST_MAX_AGE_HOURS,
      maxFutureMinutes: e.INGEST_MAX_FUTURE_MINUTES,
      spoolMaxBytes: e.INGEST_SPOOL_MAX_MB * 1024 * 1024,
      httpRatePerSecond: e.INGEST_HTTP_RATE_PER_SECOND,
      httpBurst: e.INGEST_HTTP_BURST,
    },
    // The demo is on by default only on embedded defaults; production (a real DATABASE_URL) opts in.
    demo: { enabled: e.HEARTH_DEMO ?? !e.DATABASE_URL, siteFile: path.resolve(e.DEMO_SITE_FILE), historyWeeks: e.DEMO_HISTORY_WEEKS, speed: e.DEMO_SPEED },
    rollup: { intervalMs: e.ROLLUP_INTERVAL_MS },
    metricsEnabled: e.METRICS_ENABLED,
    metricsPublic: e.METRICS_PUBLIC,
    publicPage: { minCount: e.PUBLIC_MIN_COUNT },
    viewerMinCount: e.VIEWER_MIN_COUNT,
    poll: { minAnswers: e.POLL_MIN_ANSWERS },
    queryCache: { maxBytes: e.QUERY_CACHE_MB * 1024 * 1024 },
    recommendations: { file: path.resolve(e.RECOMMENDATIONS_FILE) },
    // Scheduled reports go to a folder under the data directory unless told otherwise, and to a webhook when one is set.
    retention: { rawDays: e.RETENTION_RAW_DAYS, deadLetterDays: e.RETENTION_DEAD_LETTER_DAYS },
    reports: { schedule: e.REPORT_SCHEDULE, dir: path.resolve(e.REPORT_DIR ?? path.join(e.DATA_DIR, 'reports')), webhookUrl: e.REPORT_WEBHOOK_URL ?? null },
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const name = issue.path.join('.') || '(environment)';
  return `${name}: ${issue.message}`;
}

export const HEARTH_CONFIG = Symbol('HEARTH_CONFIG');
