import { CliError, DEFAULT_MQTT_URL, DEFAULT_SITE_FILE, parseCliOptions } from './cli-options.js';

describe('simulator command line', () => {
  it('runs live against the local broker by default', () => {
    expect(parseCliOptions([], {})).toEqual({ mode: 'live', site: DEFAULT_SITE_FILE, mqttUrl: DEFAULT_MQTT_URL, username: undefined, password: undefined, speed: 1, seed: 1 });
  });

  it('takes the broker and credentials from the environment, the flag winning over MQTT_URL', () => {
    const env = { MQTT_URL: 'mqtt://broker:1883', MQTT_USERNAME: 'sim', MQTT_PASSWORD: 'secret' };
    expect(parseCliOptions(['--speed', '60', '--site', 'x.yaml'], env)).toMatchObject({ mqttUrl: 'mqtt://broker:1883', username: 'sim', password: 'secret', speed: 60, site: 'x.yaml' });
    expect(parseCliOptions(['--mqtt', 'mqtts://other:8883'], env)).toMatchObject({ mqttUrl: 'mqtts://other:8883' });
    expect(parseCliOptions(['--start', '2026-11-03T10:00:00Z'], {})).toMatchObject({ startAt: new Date('2026-11-03T10:00:00Z') });
  });

  it('switches to a backfill with --backfill-weeks and --out', () => {
    expect(parseCliOptions(['--backfill-weeks', '8', '--out', 'history.ndjson', '--seed', '7', '--with-truth'], {})).toEqual({
      mode: 'backfill',
      site: DEFAULT_SITE_FILE,
      weeks: 8,
      out: 'history.ndjson',
      seed: 7,
      withTruth: true,
    });
  });

  it.each([
    [['--speed', '0'], /--speed must be a positive number/],
    [['--speed', 'fast'], /--speed/],
    [['--backfill-weeks', '2'], /needs --out/],
    [['--out', 'x.ndjson'], /needs --backfill-weeks/],
    [['--backfill-weeks', '1.5', '--out', 'x'], /whole number/],
    [['--backfill-weeks', '2', '--out', 'x', '--speed', '5'], /live mode/],
    [['--start', 'tomorrow'], /ISO time/],
    [['--mqtt', 'localhost:1883'], /mqtt:\/\//],
    [['--bogus'], /Unknown option/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliOptions(argv, {})).toThrow(CliError);
    expect(() => parseCliOptions(argv, {})).toThrow(message);
  });
});
