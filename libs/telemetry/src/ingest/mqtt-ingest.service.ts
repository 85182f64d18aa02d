import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { TOPIC_ROOT } from '@hearth/contracts';
import { MetricsService, ReadinessRegistry } from '@hearth/observability';
import { DataSource } from 'typeorm';
import { BROKER_URL } from '../tokens.js';
import { IngestPipeline } from './ingest-pipeline.js';

const TOPIC_SYNC_MS = 5000;

/**
 * The one owner of the ingest role's broker connection. It subscribes at QoS 1
 * with a persistent session (fixed client id, clean=false) so the broker
 * queues readings while Hearth is away, optionally through a shared
 * subscription so several ingest processes split the load, and keeps a
 * retained status topic ("online"/"offline" through the last will).
 *
 * MQTT.js sends the PUBACK when `handleMessage` calls back, and hands over
 * the next message only after that. Hearth stages each message for the spool
 * and calls back at once, but with the socket corked: the PUBACKs wait in the
 * process until the burst's messages are written to the spool (one system
 * call), and only then is the socket uncorked. An acknowledged message is
 * therefore never only in memory. When the spool is full, Hearth holds the
 * callback, and the broker keeps the rest until there is room.
 */
@Injectable()
export class MqttIngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(MqttIngestService.name);
  private client: MqttClient | undefined;
  private vendorTopics = new Set<string>();
  private topicTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
    @Inject(BROKER_URL) private readonly brokerUrl: string,
    private readonly pipeline: IngestPipeline,
    private readonly metrics: MetricsService,
    private readonly dataSource: DataSource,
    readiness: ReadinessRegistry,
  ) {
    readiness.register({ name: 'broker', check: async () => ({ ok: !!this.client?.connected, detail: this.client?.connected ? undefined : 'not connected to the MQTT broker' }) });
  }

  get statusTopic(): string {
    return `hearth/status/${this.config.mqtt.clientId}`;
  }

  get subscription(): string {
    return this.shared(`${TOPIC_ROOT}/+/+`);
  }

  private shared(topic: string): string {
    return this.config.mqtt.shareGroup ? `$share/${this.config.mqtt.shareGroup}/${topic}` : topic;
  }

  /**
   * Subscribes to the topic filters the sites' integrations name (network
   * servers' uplinks, vendors' pushes), and drops the ones no longer named.
   * Run at connection and every few seconds, so an imported site file takes
   * effect without a restart.
   */
  async syncIntegrationTopics(): Promise<void> {
    const client = this.client;
    if (!client?.connected) return;
    const rows: { topic: string }[] = await this.dataSource.query(
      `SELECT DISTINCT i->>'topic' AS topic FROM site, jsonb_array_elements(site.integrations) i WHERE i->>'topic' IS NOT NULL`,
    );
    const wanted = new Set(rows.map((r) => this.shared(r.topic)));
    const added = [...wanted].filter((t) => !this.vendorTopics.has(t));
    const removed = [...this.vendorTopics].filter((t) => !wanted.has(t));
    if (added.length) await client.subscribeAsync(added, { qos: 1 });
    if (removed.length) await client.unsubscribeAsync(removed);
    if (added.length || removed.length) this.log.log({ added, removed }, 'integration topics changed');
    this.vendorTopics = wanted;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.pipeline.ready();
    const { clientId, username, password } = this.config.mqtt;
    const client = mqtt.connect(this.brokerUrl, {
      clientId,
      clean: false,
      protocolVersion: 4,
      username,
      password,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      will: { topic: this.statusTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
      // MQTT.js's debug logging costs a few percent of the CPU per message even when off.
      log: () => undefined,
    });
    this.client = client;
    client.on('connect', (ack) => {
      this.metrics.brokerConnected.set(1);
      this.log.log({ broker: redact(this.brokerUrl), sessionPresent: ack.sessionPresent }, 'connected to the MQTT broker');
      client.subscribe(this.subscription, { qos: 1 }, (err) => {
        if (err) this.log.error({ err }, `subscribing to ${this.subscription} failed`);
      });
      client.publish(this.statusTopic, 'online', { qos: 1, retain: true });
      // A new connection without a session has none of the earlier subscriptions.
      if (!ack.sessionPresent) this.vendorTopics = new Set();
      void this.syncIntegrationTopics().catch((err: Error) => this.log.warn({ err: err.message }, 'subscribing to integration topics failed'));
    });
    this.topicTimer = setInterval(() => void this.syncIntegrationTopics().catch((err: Error) => this.log.warn({ err: err.message }, 'subscribing to integration topics failed')), TOPIC_SYNC_MS);
    this.topicTimer.unref();
    client.on('close', () => this.metrics.brokerConnected.set(0));
    client.on('offline', () => this.log.warn('the MQTT broker is unreachable; reconnecting'));
    client.on('error', (err) => this.log.warn({ err: err.message }, 'MQTT connection error'));
    // Acknowledgements of a burst of messages are held back (the socket is corked) until the
    // whole burst is in the spool: one write for the messages, one for their PUBACKs.
    let corked: { uncork(): void } | undefined;
    const release = () => {
      try {
        this.pipeline.flushStaged();
      } catch (err) {
        // The burst could not be written: its acknowledgements must never leave. Drop the connection;
        // the broker will deliver those messages again.
        this.log.error({ err }, 'writing to the spool failed; the unacknowledged messages stay with the broker');
        client.stream.destroy();
        corked = undefined;
        return;
      }
      corked?.uncork();
      corked = undefined;
    };
    client.handleMessage = (packet: IPublishPacket, callback: (error?: Error) => void) => {
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      if (!corked) {
        client.stream.cork();
        corked = client.stream;
        setImmediate(release);
      }
      this.pipeline.stage('mqtt', packet.topic, payload);
      if (this.pipeline.hasCapacity) callback();
      else void this.pipeline.capacity().then(() => callback());
    };
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.topicTimer);
    const client = this.client;
    if (!client) return;
    await new Promise<void>((resolve) => client.publish(this.statusTopic, 'offline', { qos: 1, retain: true }, () => resolve()));
    await client.endAsync();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
