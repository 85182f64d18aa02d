import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'must be true or false' })
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const port = z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535);
const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

/**
 * Every environment variable Hearth reads. `.env.example` documents the same
 * list; a test keeps the two in step.
 */
export const envSchema = z.object({
  HEARTH_ROLE: z.enum(['all', 'api', 'ingest']).default('all'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.every((o) => /^https?:\/\/[^/]+$/.test(o)), 'must be a comma-separated list of origins such as https://intranet.example.org'),
  TRUST_PROXY: bool.default(false),

  HEARTH_ADMIN_EMAIL: z.email({ message: 'must be an e-mail address' }).optional(),
  HEARTH_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  HEARTH_ADMIN_API_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(12),
  COOKIE_SECURE: bool.optional(),
  SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),

  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_MIGRATE_ON_START: bool.default(true),
  EMBEDDED_PG_PORT: port.default(54329),

  MQTT_URL: url(['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:']).optional(),
  MQTT_HOST: z.string().min(1).default('127.0.0.1'),
  MQTT_PORT: port.default(1883),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  MQTT_CLIENT_ID: z.string().min(1).max(64).default('hearth-ingest'),
  MQTT_SHARE_GROUP: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "-" or "_"').optional(),
  MQTT_ALLOW_ANONYMOUS: bool.default(false),

  INGEST_MAX_AGE_HOURS: z.coerce.number().positive().max(24 * 365).default(168),
  INGEST_MAX_FUTURE_MINUTES: z.coerce.number().min(0).max(24 * 60).default(10),
  INGEST_SPOOL_MAX_MB: z.coerce.number().int().min(1).max(1_000_000).default(1024),
  INGEST_HTTP_RATE_PER_SECOND: z.coerce.number().positive().max(100_000).default(10),
  INGEST_HTTP_BURST: z.coerce.number().int().min(1).max(100_000).default(50),

  HEARTH_DEMO: bool.optional(),
  DEMO_SITE_FILE: z.string().min(1).default('demo/riverside.site.yaml'),
  DEMO_HISTORY_WEEKS: z.coerce.number().int().min(0).max(104).default(8),
  DEMO_SPEED: z.coerce.number().min(0.1).max(10000).default(1),
  ROLLUP_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),

  METRICS_ENABLED: bool.default(true),
  METRICS_PUBLIC: bool.default(true),

  PUBLIC_MIN_COUNT: z.coerce.number().int().min(1).max(1000).default(5),
  VIEWER_MIN_COUNT: z.coerce.number().int().min(1).max(1000).default(5),
  POLL_MIN_ANSWERS: z.coerce.number().int().min(1).max(1000).default(10),
  QUERY_CACHE_MB: z.coerce.number().min(0).max(100_000).default(64),

  RECOMMENDATIONS_FILE: z.string().min(1).default('config/recommendations.yaml'),
  REPORT_SCHEDULE: z.enum(['off', 'weekly', 'monthly']).default('off'),
  REPORT_DIR: z.string().min(1).optional(),
  REPORT_WEBHOOK_URL: url(['http:', 'https:']).optional(),

  RETENTION_RAW_DAYS: z.coerce.number().int().min(0).max(36_500).default(400),
  RETENTION_DEAD_LETTER_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
});
export type Env = z.infer<typeof envSchema>;
