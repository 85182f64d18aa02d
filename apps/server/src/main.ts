import { ConfigError } from '@hearth/config';
import { startHearth } from './bootstrap.js';

try {
  const hearth = await startHearth();
  const { config, url } = hearth;
  const lines = [
    '',
    `  Hearth is running (role: ${config.role}).`,
    `  Dashboard:  ${url}/`,
    `  API docs:   ${url}/api/docs`,
    `  Health:     ${url}/health/ready`,
    config.demo.enabled ? `  Demo:       the Riverside Library with ${config.demo.historyWeeks} weeks of history and live simulated traffic` : '',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      hearth.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Hearth failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
}
