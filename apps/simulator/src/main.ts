import { pino } from 'pino';
import { CliError, parseCliOptions, USAGE } from './cli-options.js';
import { writeBackfill } from './backfill-writer.js';
import { runLiveSimulation } from './live-simulation.js';
import { loadSiteFile } from './site-file-loader.js';

/**
 * The Hearth simulator: publishes a library's sensor traffic over MQTT in
 * real time (or faster), or writes weeks of history to an NDJSON file.
 */
async function main(): Promise<number> {
  const logger = pino({ name: 'simulator' });
  let command;
  try {
    command = parseCliOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.mode === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const site = loadSiteFile(command.site);

  if (command.mode === 'backfill') {
    const report = await writeBackfill({ site, weeks: command.weeks, out: command.out, seed: command.seed, withTruth: command.withTruth });
    logger.info({ site: site.site.id, out: command.out, events: report.events, bytes: report.bytes, from: report.from, to: report.to, ms: report.ms }, 'backfill written');
    return 0;
  }

  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
  await runLiveSimulation({
    site,
    mqttUrl: command.mqttUrl,
    username: command.username,
    password: command.password,
    speed: command.speed,
    seed: command.seed,
    startAt: command.startAt,
    signal: controller.signal,
    log: (msg, extra) => logger.info(extra ?? {}, msg),
  });
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
