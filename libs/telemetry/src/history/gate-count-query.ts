import { z } from 'zod';
import { keySchema } from '@hearth/contracts';
import { timeZoneSchema } from '@hearth/contracts';

const measure = z.enum(['entries', 'exits', 'passes']);
/** A gate-count import's options, as the API's query parameters and the CLI's flags; `columns` and `entranceMeasures` are JSON objects. */
export const gateCountQuery = z.strictObject({
  readings: z.enum(['interval', 'cumulative', 'auto']).optional(),
  granularity: z.enum(['hour', 'day', 'month', 'auto']).optional(),
  measure: measure.optional(),
  entrance: z.string().min(1).max(120).optional(),
  dateOrder: z.enum(['dmy', 'mdy']).optional(),
  rollover: z.coerce.number().int().min(2).optional(),
  jumpFactor: z.coerce.number().min(1).optional(),
  maxPerInterval: z.coerce.number().int().min(1).optional(),
  preset: z.enum(['generic', 'libinsight', 'suma']).optional(),
  timeZone: timeZoneSchema.optional(),
  columns: z
    .string()
    .transform((s, ctx) => json(s, ctx))
    .pipe(z.strictObject({ date: z.string().optional(), time: z.string().optional(), entrance: z.string().optional(), count: z.string().optional(), in: z.string().optional(), out: z.string().optional(), entrances: z.record(z.string(), keySchema).optional() }))
    .optional(),
  entranceMeasures: z.string().transform((s, ctx) => json(s, ctx)).pipe(z.record(z.string(), measure)).optional(),
  name: z.string().max(255).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not hold control characters').optional(),
  dryRun: z.enum(['true', 'false']).optional(),
});

function json(s: string, ctx: z.RefinementCtx): unknown {
  try {
    return JSON.parse(s);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
    return z.NEVER;
  }
}

