import { ConfigError, loadConfig } from './hearth-config.js';

describe('loadConfig', () => {
  it('runs on embedded defaults with nothing configured, demo included', () => {
    const config = loadConfig({});
    expect(config.role).toBe('all');
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 3000, publicUrl: 'http://127.0.0.1:3000' });
    expect(config.database.url).toBeUndefined();
    expect(config.mqtt.url).toBeUndefined();
    expect(config.mqtt.port).toBe(1883);
    expect(config.demo.enabled).toBe(true);
    expect(config.demo.historyWeeks).toBe(8);
  });

  it('turns the demo off by default when pointed at a real database, and on when asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/hearth' }).demo.enabled).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/hearth', HEARTH_DEMO: 'true' }).demo.enabled).toBe(true);
    expect(loadConfig({ HEARTH_DEMO: 'off' }).demo.enabled).toBe(false);
  });

  it('reports every bad variable by name in one readable error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', HEARTH_ROLE: 'worker', HEARTH_DEMO: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^DATABASE_URL: must be a URL starting with postgres:/m);
    expect(problems).toMatch(/^HEARTH_ROLE: /m);
    expect(problems).toMatch(/^HEARTH_DEMO: must be true or false/m);
    expect((error as Error).message).toContain('.env.example');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', MQTT_URL: '' }).database.url).toBeUndefined();
  });
});
