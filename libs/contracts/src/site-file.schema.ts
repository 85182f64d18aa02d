import { z } from 'zod';

/**
 * The site file: one YAML or JSON document that declares a whole library
 * (the site, its calendar, floors, zones and sensors). Importing it is
 * idempotent: keys are the identity, so importing the same file twice
 * changes nothing the second time.
 *
 * Coordinates are metres in the floor's frame: origin at the plan's top-left
 * corner, x to the right (east on a north-up plan), y downwards, the same
 * orientation as SVG so plans and data line up without flipping.
 */

export const ZONE_CATEGORIES = [
  'quiet_study',
  'group_study',
  'stacks',
  'computers',
  'children',
  'teens',
  'service_desk',
  'entrance',
  'cafe',
  'events',
  'makerspace',
  'other',
] as const;
export type ZoneCategory = (typeof ZONE_CATEGORIES)[number];

export const SENSOR_KINDS = ['door', 'desk', 'zone'] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];

export const PERIOD_KINDS = ['closure', 'holiday', 'term', 'exam'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Keys appear in MQTT topics and URLs: lower-case letters, digits, '-' and '_'. */
export const keySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be 1-63 characters of a-z, 0-9, "-" or "_", starting with a letter or digit');

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
export const clockSchema = z.string().regex(clock, 'must be a time of day as HH:MM (24-hour)');

/**
 * Opening hours of one weekday: a list of "HH:MM-HH:MM" ranges. A range whose
 * close is at or before its open runs past midnight ("20:00-02:00").
 */
export const hoursRangeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'must be a range "HH:MM-HH:MM"')
  .refine((r) => r.slice(0, 5) !== r.slice(6), 'opening and closing times must differ');

export const timeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as "Europe/London"');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'is not a real date');

export const periodSchema = z
  .strictObject({
    kind: z.enum(PERIOD_KINDS),
    name: z.string().min(1).max(120),
    from: isoDate,
    to: isoDate,
  })
  .refine((p) => p.from <= p.to, { message: '"to" must not be before "from"', path: ['to'] });
export type PeriodInput = z.infer<typeof periodSchema>;

export const pointSchema = z.tuple([z.number().finite(), z.number().finite()]);
export type Point = z.infer<typeof pointSchema>;

export const polygonSchema = z.array(pointSchema).min(3, 'a polygon needs at least 3 points').max(2000);

export const zoneSchema = z.strictObject({
  id: keySchema,
  name: z.string().min(1).max(120),
  category: z.enum(ZONE_CATEGORIES),
  capacity: z.number().int().min(0).max(100000).describe('seats (or standing capacity for zones without seats)'),
  polygon: polygonSchema,
  /** Defaults to the polygon's area. */
  areaM2: z.number().positive().optional(),
});
export type ZoneInput = z.infer<typeof zoneSchema>;

/** Where one direction of a door leads: a zone key, or "outside" the building. */
export const OUTSIDE = 'outside';
const doorSideSchema = z.union([z.literal(OUTSIDE), keySchema]);

/**
 * Where a sensor's readings come from when a vendor device sends them: the
 * device id as its network server or vendor names it, and which of its
 * channels (a counting line, a register, a region) this sensor is. One device
 * may serve several sensors (a counter watching two doors).
 */
export const sourceSchema = z.strictObject({
  /** The vendor's device id (LoRaWAN DevEUI, serial number, Butlr sensor id, ...). */
  device: z.string().min(1).max(128),
  /** The device's channel this sensor takes ("line_1", "Line 0", "region_2"); omitted: every channel. */
  channel: z.string().min(1).max(64).optional(),
  /** A second channel whose counts are this door's "out" (counters with one register per direction). */
  outChannel: z.string().min(1).max(64).optional(),
  /** Swap "in" and "out" (the counter was mounted facing the other way). */
  invert: z.boolean().default(false),
  /** IANA time zone for the device's naive local timestamps; default the site's. */
  timeZone: timeZoneSchema.optional(),
});
export type SourceInput = z.infer<typeof sourceSchema>;

/**
 * A feed of vendor payloads for the site: a network server's uplinks or a
 * vendor's push. Over MQTT it names the topic filter to subscribe to; every
 * integration also takes HTTP pushes at /api/v1/push/<site>/<id>.
 */
export const integrationSchema = z.strictObject({
  id: keySchema,
  /** The network-server envelope around the device payload, if any ("tts-v3", "chirpstack-v4", "milesight-gw"). */
  envelope: z.string().min(1).max(60).optional(),
  /** The payload adapter for devices whose sensor does not name one (and none is known from the device model). */
  adapter: z.string().min(1).max(60).optional(),
  /** MQTT topic filter, e.g. "v3/library-counters@ttn/devices/+/up"; omitted: HTTP pushes only. */
  topic: z
    .string()
    .min(1)
    .max(200)
    .refine((t) => !t.startsWith('$') && !t.startsWith('hearth/') && /^([^#+]*|\+)(\/([^#+]*|\+))*(\/#)?$/.test(t), 'must be an MQTT topic filter outside hearth/ ("+" and a final "#" allowed)')
    .optional(),
}).refine((i) => i.envelope !== undefined || i.adapter !== undefined, { message: 'an integration needs an "envelope" (a network server) or an "adapter" (a vendor pushing its own format)', path: ['adapter'] });
export type IntegrationInput = z.infer<typeof integrationSchema>;

/** A sensor's fields; `sensorSchema` adds the rules that tie them together. */
export const sensorFieldsSchema = z.strictObject({
  id: keySchema,
  kind: z.enum(SENSOR_KINDS),
  /** The payload format: "hearth" (the native contract) or a vendor adapter name. */
  adapter: z.string().min(1).max(60).default('hearth'),
  position: pointSchema,
  /** The zone a desk or zone-headcount sensor belongs to. */
  zone: keySchema.optional(),
  /** Doors: where people counted as "in" end up, and where "out" takes them. */
  inTo: doorSideSchema.optional(),
  outTo: doorSideSchema.optional(),
  /** Cumulative counters: the value at which the counter wraps to 0 (65536, 4294967296, 1000000). */
  counterRollover: z.number().int().min(2).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Vendor devices: which device (and which of its lines or registers) this sensor is. */
  source: sourceSchema.optional(),
  status: z.enum(['active', 'retired']).default('active'),
});

type SensorRuleInput = Pick<z.infer<typeof sensorFieldsSchema>, 'kind' | 'zone' | 'inTo' | 'outTo'>;

/** Doors lead somewhere on both sides; desk and zone sensors belong to a zone. */
export function checkSensorRules(s: SensorRuleInput, ctx: z.RefinementCtx): void {
  if (s.kind === 'door') {
    if (!s.inTo) ctx.addIssue({ code: 'custom', path: ['inTo'], message: 'a door sensor needs "inTo" (a zone key or "outside")' });
    if (!s.outTo) ctx.addIssue({ code: 'custom', path: ['outTo'], message: 'a door sensor needs "outTo" (a zone key or "outside")' });
    if (s.inTo && s.inTo === s.outTo) ctx.addIssue({ code: 'custom', path: ['outTo'], message: '"inTo" and "outTo" must lead to different places' });
  } else {
    if (!s.zone) ctx.addIssue({ code: 'custom', path: ['zone'], message: `a ${s.kind} sensor needs "zone"` });
    if (s.inTo || s.outTo) ctx.addIssue({ code: 'custom', path: [s.inTo ? 'inTo' : 'outTo'], message: 'only door sensors have "inTo"/"outTo"' });
  }
}

export const sensorSchema = sensorFieldsSchema.superRefine(checkSensorRules);
export type SensorInput = z.infer<typeof sensorSchema>;

export const planSchema = z.union([
  z.strictObject({ svg: z.string().min(1).max(5_000_000) }),
  z.strictObject({ geojson: z.record(z.string(), z.unknown()) }),
]);
export type PlanInput = z.infer<typeof planSchema>;

export const floorSchema = z.strictObject({
  id: keySchema,
  name: z.string().min(1).max(120),
  ordinal: z.number().int().min(-20).max(200),
  /** The floor's coordinate frame: its extent in metres. */
  size: z.strictObject({ width: z.number().positive().max(10000), height: z.number().positive().max(10000) }),
  plan: planSchema.optional(),
  zones: z.array(zoneSchema).default([]),
  sensors: z.array(sensorSchema).default([]),
});
export type FloorInput = z.infer<typeof floorSchema>;

export const openingHoursSchema = z.strictObject(
  Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(hoursRangeSchema).max(6).default([])])) as Record<Weekday, z.ZodDefault<z.ZodArray<typeof hoursRangeSchema>>>,
);
export type OpeningHours = Record<Weekday, string[]>;

/**
 * A change the library made to its layout on a date (furniture moved, seats
 * added, a zone repurposed), declared so the recommendations can compare the
 * named zones before and after it.
 */
export const layoutChangeSchema = z.strictObject({
  date: isoDate,
  description: z.string().min(1).max(500),
  zones: z.array(keySchema).min(1).max(50),
});
export type LayoutChangeInput = z.infer<typeof layoutChangeSchema>;

export const siteSchema = z.strictObject({
  id: keySchema,
  name: z.string().min(1).max(160),
  timeZone: timeZoneSchema,
  /** The local time at which a service day starts; a day's late opening belongs to the day before. */
  serviceDayStart: clockSchema.default('05:00'),
  openingHours: openingHoursSchema,
  periods: z.array(periodSchema).default([]),
  /** Layout changes, oldest first by convention; their zones must be declared in the site file. */
  changes: z.array(layoutChangeSchema).max(200).default([]),
});
export type SiteInput = z.infer<typeof siteSchema>;

export const siteFileSchema = z
  .strictObject({
    version: z.literal(1).default(1),
    site: siteSchema,
    floors: z.array(floorSchema).default([]),
    integrations: z.array(integrationSchema).max(50).default([]),
  })
  .superRefine((file, ctx) => {
    // Keys are unique per site across floors, zones and sensors of each kind.
    const floorKeys = new Map<string, number>();
    const zoneKeys = new Map<string, string>();
    const sensorKeys = new Set<string>();
    const sources = new Map<string, string>();
    file.floors.forEach((floor, fi) => {
      if (floorKeys.has(floor.id)) ctx.addIssue({ code: 'custom', path: ['floors', fi, 'id'], message: `floor id "${floor.id}" is used twice` });
      floorKeys.set(floor.id, fi);
      floor.zones.forEach((zone, zi) => {
        if (zoneKeys.has(zone.id)) ctx.addIssue({ code: 'custom', path: ['floors', fi, 'zones', zi, 'id'], message: `zone id "${zone.id}" is used twice` });
        zoneKeys.set(zone.id, floor.id);
      });
    });
    const integrationKeys = new Set<string>();
    file.integrations.forEach((integration, ii) => {
      if (integrationKeys.has(integration.id)) ctx.addIssue({ code: 'custom', path: ['integrations', ii, 'id'], message: `integration id "${integration.id}" is used twice` });
      integrationKeys.add(integration.id);
    });
    file.site.changes.forEach((change, ci) => {
      change.zones.forEach((zone, zi) => {
        if (!zoneKeys.has(zone)) ctx.addIssue({ code: 'custom', path: ['site', 'changes', ci, 'zones', zi], message: `zone "${zone}" is not declared in this file` });
      });
    });
    file.floors.forEach((floor, fi) => {
      floor.sensors.forEach((sensor, si) => {
        const at = ['floors', fi, 'sensors', si];
        if (sensorKeys.has(sensor.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `sensor id "${sensor.id}" is used twice` });
        sensorKeys.add(sensor.id);
        for (const field of ['zone', 'inTo', 'outTo'] as const) {
          const ref = sensor[field];
          if (ref && ref !== OUTSIDE && !zoneKeys.has(ref)) ctx.addIssue({ code: 'custom', path: [...at, field], message: `zone "${ref}" is not declared in this file` });
        }
        if (sensor.zone && zoneKeys.get(sensor.zone) !== undefined && zoneKeys.get(sensor.zone) !== floor.id)
          ctx.addIssue({ code: 'custom', path: [...at, 'zone'], message: `zone "${sensor.zone}" is on floor "${zoneKeys.get(sensor.zone)}", not on "${floor.id}"` });
        if (sensor.source) {
          const { device, channel, outChannel } = sensor.source;
          for (const [field, ch] of [['channel', channel], ['outChannel', outChannel]] as const) {
            if (field === 'outChannel' && ch === undefined) continue;
            const taken = sourceTaken(sources, device, ch);
            if (taken) ctx.addIssue({ code: 'custom', path: [...at, 'source', field], message: `device "${device}"${ch ? ` channel "${ch}"` : ''} is already the source of sensor "${taken}"` });
            sources.set(`${device}\u0000${ch ?? '*'}`, sensor.id);
          }
        }
        const [x, y] = sensor.position;
        if (x < 0 || y < 0 || x > floor.size.width || y > floor.size.height)
          ctx.addIssue({ code: 'custom', path: [...at, 'position'], message: `position [${x}, ${y}] lies outside the floor (${floor.size.width} x ${floor.size.height} m)` });
      });
      floor.zones.forEach((zone, zi) => {
        const outside = zone.polygon.findIndex(([x, y]) => x < 0 || y < 0 || x > floor.size.width || y > floor.size.height);
        if (outside >= 0) ctx.addIssue({ code: 'custom', path: ['floors', fi, 'zones', zi, 'polygon', outside], message: `point lies outside the floor (${floor.size.width} x ${floor.size.height} m)` });
      });
    });
  });

/** The sensor that already takes a device's channel (or, for `channel` undefined, any of its channels). */
function sourceTaken(sources: Map<string, string>, device: string, channel: string | undefined): string | undefined {
  const prefix = `${device}\u0000`;
  if (channel !== undefined) return sources.get(prefix + channel) ?? sources.get(`${prefix}*`);
  for (const [k, sensor] of sources) if (k.startsWith(prefix)) return sensor;
  return undefined;
}

/** The site file as written (defaults optional). */
export type SiteFileInput = z.input<typeof siteFileSchema>;
/** The site file after validation (defaults filled in). */
export type SiteFile = z.output<typeof siteFileSchema>;
