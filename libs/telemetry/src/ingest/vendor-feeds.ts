import type { IntegrationInput, SensorKind, SourceInput } from '@hearth/contracts';
import type { SqlClient } from '../sql-client.js';
import type { SiteFeeds, SourcedSensor } from './vendor-route.js';
import { topicMatches } from '@hearth/broker';

/** HTTP pushes to an integration are spooled under this topic: `push/<site>/<integration>`. */
export const pushTopic = (site: string, integration: string): string => `push/${site}/${integration}`;

export { topicMatches };

const REFRESH_MS = 5000;

/**
 * The sites' vendor feeds, read from the database and kept for a few
 * seconds: which integration a topic (or an HTTP push) belongs to, and which
 * sensors each vendor device feeds. A site file imported a moment ago is
 * picked up within REFRESH_MS.
 */
export class VendorFeeds {
  private sites = new Map<string, SiteFeeds>();
  private topics: { filter: string; feeds: SiteFeeds; integration: IntegrationInput }[] = [];
  private loadedAt = -Infinity;
  private loading: Promise<void> | undefined;

  constructor(private readonly sql: SqlClient) {}

  /** The integration a spooled record came through, or undefined when no site declares one for it. */
  async find(transport: 'mqtt' | 'http', topic: string): Promise<{ feeds: SiteFeeds; integration: IntegrationInput } | undefined> {
    if (performance.now() - this.loadedAt > REFRESH_MS) await this.refresh();
    if (transport === 'http') {
      const [prefix, site, id] = topic.split('/');
      if (prefix !== 'push' || !site || !id) return undefined;
      const feeds = this.sites.get(site);
      const integration = feeds?.integrations.find((i) => i.id === id);
      return feeds && integration ? { feeds, integration } : undefined;
    }
    return this.topics.find((t) => topicMatches(t.filter, topic));
  }

  async refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    await this.loading;
  }

  private async load(): Promise<void> {
    const { rows: sites } = await this.sql.query<{ key: string; time_zone: string; integrations: IntegrationInput[] }>(
      `SELECT key, time_zone, integrations FROM site WHERE jsonb_array_length(integrations) > 0`,
    );
    const { rows: sensors } = await this.sql.query<{ site: string; sensor: string; kind: SensorKind; adapter: string; source: SourceInput }>(
      `SELECT site.key AS site, s.key AS sensor, s.kind, s.adapter, s.source FROM sensor s JOIN site ON site.id = s.site_id
       WHERE s.source IS NOT NULL AND s.status = 'active' AND jsonb_array_length(site.integrations) > 0`,
    );
    const next = new Map<string, SiteFeeds>();
    for (const s of sites) next.set(s.key, { site: s.key, timeZone: s.time_zone, integrations: s.integrations, devices: new Map() });
    for (const s of sensors) {
      const devices = next.get(s.site)?.devices;
      if (!devices) continue;
      const device = s.source.device.toLowerCase();
      const entry: SourcedSensor = { sensor: s.sensor, kind: s.kind, adapter: s.adapter, source: { ...s.source, invert: s.source.invert ?? false } };
      const list = devices.get(device);
      if (list) list.push(entry);
      else devices.set(device, [entry]);
    }
    this.sites = next;
    this.topics = [...next.values()].flatMap((feeds) => feeds.integrations.filter((i) => i.topic).map((integration) => ({ filter: integration.topic!, feeds, integration })));
    this.loadedAt = performance.now();
  }
}
