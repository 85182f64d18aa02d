import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import { MAX_PAYLOAD_BYTES } from '@hearth/contracts';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { pino } from 'pino';
import { loadConfig, type HearthConfig } from '@hearth/config';
import { openDatabase, startEmbeddedPostgres } from '@hearth/database';
import { startEmbeddedBroker, type EmbeddedBroker } from '@hearth/broker';
// The one DeviceTokensService instance of the app (revoking a token clears its cache) checks the embedded broker's devices.
import { DeviceTokensService } from '@hearth/telemetry';
import { AppModule } from './app.module.js';
import { DemoService } from './demo/demo.service.js';
import { hardenHttp } from './http-hardening.js';

export interface HearthHandle {
  app: NestExpressApplication;
  config: HearthConfig;
  url: string;
  databaseUrl: string;
  brokerUrl: string;
  /** Resolves when the demo library (if enabled) has its history loaded. */
  demoReady: Promise<void>;
  close(): Promise<void>;
}

/** Where the repository's own files (demo site, dashboard) are, from source or from dist/. */
export const REPO_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

/**
 * Starts Hearth: validates the configuration, brings up an embedded
 * PostgreSQL and MQTT broker where none are configured, applies pending
 * migrations, then serves the API (and ingests, by role).
 */
export async function startHearth(env: Record<string, string | undefined> = process.env): Promise<HearthHandle> {
  const config = loadConfig(env);
  const log = pino({ level: config.logLevel, base: { service: 'hearth', role: config.role } });
  const stops: (() => Promise<void>)[] = [];

  try {
    let databaseUrl = config.database.url;
    if (!databaseUrl) {
      const started = Date.now();
      const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort, log: (line) => log.debug({ postgres: line }) });
      stops.push(() => embedded.stop());
      databaseUrl = embedded.url;
      log.info({ dataDir: config.dataDir, port: config.database.embeddedPort, ms: Date.now() - started }, 'embedded PostgreSQL started (no DATABASE_URL set)');
    }
    if (config.database.migrateOnStart) {
      const { dataSource, applied } = await openDatabase(databaseUrl);
      await dataSource.destroy();
      log.info({ applied }, applied.length ? 'database migrations applied' : 'database schema is up to date');
    }

    let brokerUrl = config.mqtt.url;
    let embeddedBroker: EmbeddedBroker | undefined;
    if (!brokerUrl) {
      // Hearth's own clients (ingest, the demo's simulator) sign in with the service credential:
      // MQTT_USERNAME/MQTT_PASSWORD when set, otherwise a secret made for this run. Devices use their tokens.
      if (!config.mqtt.username) config.mqtt.username = 'hearth';
      if (!config.mqtt.password) config.mqtt.password = randomBytes(24).toString('base64url');
      const broker = await startEmbeddedBroker({
        host: config.mqtt.host,
        port: config.mqtt.port,
        access: { service: { username: config.mqtt.username, password: config.mqtt.password }, allowAnonymous: config.mqtt.allowAnonymous, log: log.child({ component: 'mqtt-broker' }) },
      });
      stops.push(() => broker.close());
      embeddedBroker = broker;
      brokerUrl = broker.url;
      log.info({ url: brokerUrl, allowAnonymous: config.mqtt.allowAnonymous }, 'embedded MQTT broker started (no MQTT_URL set); devices are admitted once Hearth is up');
    }

    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl, brokerUrl }), { bufferLogs: true, bodyParser: false });
    app.useLogger(app.get(PinoNestLogger));
    hardenHttp(app, config);
    // HTTP push keeps the payload's bytes as sent (they go to the spool as they are), at most 64 KB.
    app.use(['/api/v1/ingest', '/api/v1/push'], express.raw({ type: () => true, limit: MAX_PAYLOAD_BYTES }));
    app.useBodyParser('json', { limit: '10mb' });
    // CSV is left unparsed: history imports read the upload as a stream (files of millions of rows).
    const textual = /^\s*(text\/(?!csv)[\w.+-]+|application\/(x-)?yaml)\s*(;|$)/i;
    app.useBodyParser('text', { type: (req) => textual.test(req.headers['content-type'] ?? ''), limit: '10mb' });
    app.useBodyParser('raw', { type: ['application/zip', 'application/octet-stream'], limit: '50mb' });
    app.disable('x-powered-by');

    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Hearth')
        .setDescription('Space-usage analytics and density mapping for libraries. MQTT contract: topic hearth/v1/<site>/<sensor>; see the README.')
        .setVersion(process.env.npm_package_version ?? '0.1.0')
        .build(),
    );
    SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });

    // The dashboard, built by `npm run build:dashboard` into dist/dashboards; /public/<site> is the patrons' page.
    const dashboard = path.join(REPO_ROOT, 'dist', 'dashboards');
    const server = app.getHttpAdapter().getInstance() as express.Express;
    if (fs.existsSync(dashboard)) {
      app.useStaticAssets(dashboard, { index: 'index.html' });
      server.get('/public/:site', (_req, res) => res.sendFile(path.join(dashboard, 'public.html')));
    } else {
      server.get('/', (_req, res) => res.type('text').send('The dashboard is not built: run `npm run build:dashboard`. The API is at /api/v1 (docs at /api/docs).'));
    }

    await app.listen(config.http.port, config.http.host);
    // The registry is up and Hearth's subscriber has started: the embedded broker may check device tokens now.
    embeddedBroker?.admitDevices(app.get(DeviceTokensService));
    // Port 0 asks the system for a free port (tests); report the one actually bound.
    const url = config.http.port === 0 ? (await app.getUrl()).replace('[::1]', '127.0.0.1') : config.http.publicUrl;

    const demo = config.demo.enabled && config.role !== 'ingest' ? app.get(DemoService) : undefined;
    const demoReady = demo ? demo.start(brokerUrl) : Promise.resolve();
    demoReady.catch((err) => log.error({ err }, 'the demo library could not be set up'));

    const close = async () => {
      await app.close();
      for (const stop of stops.reverse()) await stop().catch((err) => log.warn({ err }, 'stopping an embedded service failed'));
    };
    return { app, config, url, databaseUrl, brokerUrl, demoReady, close };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}
