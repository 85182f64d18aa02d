import type { Params } from 'nestjs-pino';
import type { HearthConfig } from '@hearth/config';

/**
 * Structured JSON logs. Request logs carry method, path, status and time,
 * never the caller's address: a patron's phone must not end up in a log.
 */
export function loggerOptions(config: HearthConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      base: { service: 'hearth', role: config.role },
      autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
      serializers: {
        // The path only: a query string may carry a token someone pasted there.
        req: (req: { method?: string; url?: string }) => ({ method: req.method, url: (req.url ?? '').split('?')[0] }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      redact: ['req.headers', 'req.remoteAddress', 'req.remotePort'],
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    },
  };
}
