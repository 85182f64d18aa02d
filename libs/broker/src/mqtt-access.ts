import { createHash, timingSafeEqual } from 'node:crypto';
import { keySchema, TOPIC_ROOT } from '@hearth/contracts';

/**
 * The rules of who may do what on Hearth's MQTT broker, as pure functions so
 * that the embedded broker, the Mosquitto files written by `npm run mqtt:acl`
 * and their tests all read the same decisions.
 *
 * A device signs in with a device token as its password and, as its user
 * name, the grant the token carries: `<site>` for a site-wide token,
 * `<site>/<sensor>` for one sensor's token. It may publish only to its own
 * topics and may subscribe to nothing. Hearth's own clients (the ingest
 * subscriber, the demo's simulator) sign in with the service credential and
 * may publish and subscribe where they need to.
 */

/** What a device token allows: one site's sensors, or (sensor set) one sensor. */
export interface DeviceGrant {
  site: string;
  /** null: any sensor of the site, and the site's integration topics. */
  sensor: string | null;
}

/** Who a connected client is, once the broker has let it in. */
export type BrokerIdentity =
  | { kind: 'service' }
  /** Only when the broker allows anonymous clients (MQTT_ALLOW_ANONYMOUS): unrestricted, as an open broker. */
  | { kind: 'anonymous' }
  | ({ kind: 'device' } & DeviceGrant);

/** Every site's integration topic filters, by site key. */
export type IntegrationTopics = ReadonlyMap<string, readonly string[]>;

const isKey = (s: string) => keySchema.safeParse(s).success;

/**
 * Reads a device's user name: `<site>` or `<site>/<sensor>`, both keys of
 * lower-case letters, digits, "-" and "_". Anything else (wildcards, empty
 * levels, a third level, a leading "$") is not a device's name: null.
 */
export function parseDeviceUsername(username: string): DeviceGrant | null {
  const parts = username.split('/');
  if (parts.length === 1 && isKey(parts[0])) return { site: parts[0], sensor: null };
  if (parts.length === 2 && isKey(parts[0]) && isKey(parts[1])) return { site: parts[0], sensor: parts[1] };
  return null;
}

/** The user name a device signs in with for `grant` (the inverse of parseDeviceUsername). */
export function deviceUsername(grant: DeviceGrant): string {
  return grant.sensor === null ? grant.site : `${grant.site}/${grant.sensor}`;
}

/** True when a token's grant is exactly the one the user name claims. */
export function grantMatches(claimed: DeviceGrant, actual: DeviceGrant): boolean {
  return claimed.site === actual.site && claimed.sensor === actual.sensor;
}

/**
 * Whether a client id may connect: at most 256 characters, no "+" or "#" (a
 * client id must never be able to act as a topic wildcard wherever it is
 * substituted into a topic) and no control characters.
 */
export function isAcceptableClientId(clientId: string): boolean {
  // eslint-disable-next-line no-control-regex
  return clientId.length <= 256 && !/[+#\u0000-\u001f\u007f]/.test(clientId);
}

/** True when an MQTT topic matches a filter ("+" one level, a final "#" the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return i === f.length - 1;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** True when some topic matches both filters (two sites' integrations would then share messages). */
export function filtersOverlap(a: string, b: string): boolean {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; ; i++) {
    if (x[i] === '#' || y[i] === '#') return true;
    if (i >= x.length || i >= y.length) return x.length === y.length;
    if (x[i] !== '+' && y[i] !== '+' && x[i] !== y[i]) return false;
  }
}

/**
 * Whether `identity` may publish to `topic`. Nobody publishes under "$"
 * (the broker's own topics). A sensor's token publishes only to
 * `hearth/v1/<site>/<sensor>`; a site's token to `hearth/v1/<site>/<any sensor>`
 * and to a topic its site's integrations name, provided no other site's
 * integration names it too (otherwise its messages could land in that site).
 */
export function mayPublish(identity: BrokerIdentity, topic: string, integrations: IntegrationTopics): boolean {
  if (topic.startsWith('$')) return false;
  if (identity.kind !== 'device') return true;
  const parts = topic.split('/');
  if (parts.length === 4 && `${parts[0]}/${parts[1]}` === TOPIC_ROOT) {
    return parts[2] === identity.site && isKey(parts[3]) && (identity.sensor === null || parts[3] === identity.sensor);
  }
  if (identity.sensor !== null) return false;
  if (!(integrations.get(identity.site) ?? []).some((filter) => topicMatches(filter, topic))) return false;
  for (const [site, filters] of integrations) if (site !== identity.site && filters.some((filter) => topicMatches(filter, topic))) return false;
  return true;
}

/** Whether `identity` may subscribe to `filter`: devices never may (not even to their own topics). */
export function maySubscribe(identity: BrokerIdentity, _filter: string): boolean {
  return identity.kind !== 'device';
}

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
