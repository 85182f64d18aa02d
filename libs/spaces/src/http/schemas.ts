import { z } from 'zod';
import { checkSensorRules, floorSchema, keySchema, periodSchema, sensorFieldsSchema, siteSchema, sourceSchema, zoneSchema } from '@hearth/contracts';

/** Layout changes name zones, so they are declared in a site file (import), not with the bare site. */
export const createSiteBody = siteSchema.omit({ changes: true });
export const updateSiteBody = siteSchema.omit({ id: true, periods: true, changes: true }).partial().strict();
export const createPeriodBody = periodSchema;
export const createFloorBody = floorSchema.omit({ zones: true, sensors: true });
export const updateFloorBody = floorSchema.omit({ id: true, zones: true, sensors: true }).partial().strict();
export const createZoneBody = zoneSchema.extend({ floor: keySchema });
export const updateZoneBody = zoneSchema.omit({ id: true }).partial().strict();
export const createSensorBody = sensorFieldsSchema.extend({ floor: keySchema }).superRefine(checkSensorRules);
export const updateSensorBody = z
  .strictObject({
    kind: z.enum(['door', 'desk', 'zone']),
    adapter: z.string().min(1).max(60),
    status: z.enum(['active', 'retired']),
    floor: keySchema,
    position: z.tuple([z.number().finite(), z.number().finite()]),
    zone: keySchema,
    inTo: z.string().min(1).max(63),
    outTo: z.string().min(1).max(63),
    counterRollover: z.number().int().min(2),
    source: sourceSchema,
  })
  .partial();
export const claimSensorBody = sensorFieldsSchema.omit({ id: true }).extend({ site: keySchema, floor: keySchema }).superRefine(checkSensorRules);

export const idParam = z.coerce.number({ message: 'must be a numeric id' }).int().positive();
export const siteKeyParam = keySchema;
export const boolQuery = z.enum(['true', 'false']).optional().transform((v) => v === 'true');
