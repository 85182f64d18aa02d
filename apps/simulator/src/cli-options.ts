import { parseArgs } from 'node:util';

export const DEFAULT_SITE_FILE = 'demo/riverside.site.yaml';
export const DEFAULT_MQTT_URL = 'mqtt://127.0.0.1:1883';

export const USAGE = `Usage:
  simulator [--site FILE] [--mqtt URL] [--speed N] [--seed N] [--start ISO-TIME]
      Publish live sensor traffic to hearth/v1/<site>/<sensor> over MQTT.
  simulator --backfill-weeks N --out FILE.ndjson [--site FILE] [--seed N] [--with-truth]
      Write N weeks of history, up to now, as NDJSON lines {site,sensor,message}.

Options:
  --site FILE         site file, YAML or JSON (default ${DEFAULT_SITE_FILE})
  --mqtt URL          broker (default: $MQTT_URL or ${DEFAULT_MQTT_URL});
                      credentials from $MQTT_USERNAME and $MQTT_PASSWORD: for Hearth's
                      embedded broker, the site's key and a site-wide device token
  --speed N           run the simulated clock N times faster than real time (default 1)
  --seed N            random seed: the same seed gives the same traffic (default 1)
  --start ISO-TIME    start the simulated clock here instead of now
  --with-truth        backfill: add each desk event's visit kind and group
  -h, --help          show this help`;

export type SimulatorCommand =
  | { mode: 'help' }
  | { mode: 'live'; site: string; mqttUrl: string; username?: string; password?: string; speed: number; seed: number; startAt?: Date }
  | { mode: 'backfill'; site: string; weeks: number; out: string; seed: number; withTruth: boolean };

export class CliError extends Error {}

function positiveNumber(name: string, value: string | undefined, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new CliError(`--${name} must be a positive ${integer ? 'whole ' : ''}number, not "${value}"`);
  return n;
}

/** Reads the command line and environment into one checked command. */
export function parseCliOptions(argv: string[], env: Record<string, string | undefined>): SimulatorCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        site: { type: 'string' },
        mqtt: { type: 'string' },
        speed: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        'backfill-weeks': { type: 'string' },
        out: { type: 'string' },
        'with-truth': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (values.help) return { mode: 'help' };
  const site = values.site ?? DEFAULT_SITE_FILE;
  const seedValue = values.seed ?? '1';
  const seed = Number(seedValue);
  if (!Number.isInteger(seed)) throw new CliError(`--seed must be a whole number, not "${seedValue}"`);

  if (values['backfill-weeks'] !== undefined || values.out !== undefined) {
    if (values['backfill-weeks'] === undefined) throw new CliError('--out needs --backfill-weeks N');
    if (!values.out) throw new CliError('--backfill-weeks needs --out FILE.ndjson');
    for (const live of ['mqtt', 'speed', 'start'] as const) if (values[live] !== undefined) throw new CliError(`--${live} applies to live mode, not to a backfill`);
    return { mode: 'backfill', site, weeks: positiveNumber('backfill-weeks', values['backfill-weeks'], 1, true), out: values.out, seed, withTruth: values['with-truth'] ?? false };
  }
  if (values['with-truth']) throw new CliError('--with-truth applies to a backfill (--backfill-weeks N --out FILE)');

  let startAt: Date | undefined;
  if (values.start !== undefined) {
    startAt = new Date(values.start);
    if (Number.isNaN(startAt.getTime())) throw new CliError(`--start must be an ISO time such as 2026-11-03T10:00:00Z, not "${values.start}"`);
  }
  const mqttUrl = values.mqtt ?? env.MQTT_URL ?? DEFAULT_MQTT_URL;
  if (!/^(mqtts?|wss?|tcp|ssl):\/\//.test(mqttUrl)) throw new CliError(`the broker URL must start with mqtt://, mqtts://, ws:// or wss://, not "${mqttUrl}"`);
  return {
    mode: 'live',
    site,
    mqttUrl,
    username: env.MQTT_USERNAME || undefined,
    password: env.MQTT_PASSWORD || undefined,
    speed: positiveNumber('speed', values.speed, 1),
    seed,
    ...(startAt ? { startAt } : {}),
  };
}
