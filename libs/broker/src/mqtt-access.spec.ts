import { filtersOverlap, grantMatches, isAcceptableClientId, mayPublish, maySubscribe, parseDeviceUsername, sameSecret, topicMatches, type BrokerIdentity } from './mqtt-access.js';

const siteToken: BrokerIdentity = { kind: 'device', site: 'branch', sensor: null };
const sensorToken: BrokerIdentity = { kind: 'device', site: 'branch', sensor: 'desk-q1' };
const integrations = new Map([
  ['branch', ['v3/branch-app@ttn/devices/+/up', 'milesight/branch/#']],
  ['central', ['v3/central-app@ttn/devices/+/up', 'milesight/#']],
]);

describe('device user names', () => {
  it('reads <site> and <site>/<sensor>', () => {
    expect(parseDeviceUsername('branch')).toEqual({ site: 'branch', sensor: null });
    expect(parseDeviceUsername('branch/desk-q1')).toEqual({ site: 'branch', sensor: 'desk-q1' });
  });

  it.each(['', '#', '+', 'branch/#', 'branch/+', '+/desk-q1', 'branch/', '/branch', 'branch//desk', 'branch/desk/extra', '$SYS', 'Branch', 'branch desk', 'bran#ch', '../branch'])(
    'refuses %p',
    (name) => expect(parseDeviceUsername(name)).toBeNull(),
  );

  it('matches a grant only exactly: a site token is not a sensor token nor the other way round', () => {
    expect(grantMatches({ site: 'branch', sensor: null }, { site: 'branch', sensor: null })).toBe(true);
    expect(grantMatches({ site: 'branch', sensor: 'desk-q1' }, { site: 'branch', sensor: null })).toBe(false);
    expect(grantMatches({ site: 'branch', sensor: null }, { site: 'branch', sensor: 'desk-q1' })).toBe(false);
    expect(grantMatches({ site: 'central', sensor: null }, { site: 'branch', sensor: null })).toBe(false);
  });
});

describe('client ids', () => {
  it.each(['hearth-ingest', 'mqttjs_1a2b', 'counter/door-1', 'ünïcode', ''])('accepts %p', (id) => expect(isAcceptableClientId(id)).toBe(true));
  it.each(['dev+1', 'dev#', '#', 'a\u0000b', 'line\nbreak', 'x'.repeat(257)])('refuses %p', (id) => expect(isAcceptableClientId(id)).toBe(false));
});

describe('topic filters', () => {
  it.each([
    ['a/+/c', 'a/b/c', true],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['#', 'anything/at/all', true],
    ['a/+', 'a/b/c', false],
    ['a/b', 'a/b/c', false],
    ['a/b/c', 'a/b', false],
    ['+/+', 'a', false],
  ])('%p matches %p: %p', (filter, topic, expected) => expect(topicMatches(filter, topic)).toBe(expected));

  it.each([
    ['a/+/c', 'a/b/+', true],
    ['a/#', 'a/b/c', true],
    ['a/b', 'a/c', false],
    ['a/+', 'a/b/c', false],
    ['milesight/#', 'milesight/branch/#', true],
    ['v3/x/+', 'v3/y/+', false],
  ])('%p overlaps %p: %p', (a, b, expected) => {
    expect(filtersOverlap(a, b)).toBe(expected);
    expect(filtersOverlap(b, a)).toBe(expected);
  });
});

describe('who may publish where', () => {
  it('lets a sensor token publish to its own sensor topic only', () => {
    expect(mayPublish(sensorToken, 'hearth/v1/branch/desk-q1', integrations)).toBe(true);
    expect(mayPublish(sensorToken, 'hearth/v1/branch/desk-q2', integrations)).toBe(false);
    expect(mayPublish(sensorToken, 'hearth/v1/central/desk-q1', integrations)).toBe(false);
    expect(mayPublish(sensorToken, 'v3/branch-app@ttn/devices/x/up', integrations)).toBe(false);
  });

  it("lets a site token publish to any of its site's sensor topics, never another site's", () => {
    expect(mayPublish(siteToken, 'hearth/v1/branch/desk-q1', integrations)).toBe(true);
    expect(mayPublish(siteToken, 'hearth/v1/branch/door-main', integrations)).toBe(true);
    expect(mayPublish(siteToken, 'hearth/v1/central/door-main', integrations)).toBe(false);
    expect(mayPublish(siteToken, 'hearth/v1/branch', integrations)).toBe(false);
    expect(mayPublish(siteToken, 'hearth/v1/branch/desk-q1/extra', integrations)).toBe(false);
    expect(mayPublish(siteToken, 'hearth/v1/branch/Desk Q1', integrations)).toBe(false);
    expect(mayPublish(siteToken, 'hearth/status/hearth-ingest', integrations)).toBe(false);
  });

  it("lets a site token publish to its site's integration topics unless another site's integration names the topic too", () => {
    expect(mayPublish(siteToken, 'v3/branch-app@ttn/devices/eui-1/up', integrations)).toBe(true);
    expect(mayPublish(siteToken, 'v3/central-app@ttn/devices/eui-1/up', integrations)).toBe(false);
    // milesight/branch/... is branch's, but central's "milesight/#" takes it too: refused.
    expect(mayPublish(siteToken, 'milesight/branch/gw-1', integrations)).toBe(false);
    expect(mayPublish(siteToken, 'elsewhere/topic', integrations)).toBe(false);
  });

  it('lets the service and anonymous clients (where allowed) publish anywhere except under $', () => {
    for (const identity of [{ kind: 'service' }, { kind: 'anonymous' }] as BrokerIdentity[]) {
      expect(mayPublish(identity, 'hearth/v1/central/door-main', integrations)).toBe(true);
      expect(mayPublish(identity, 'hearth/status/hearth-ingest', integrations)).toBe(true);
      expect(mayPublish(identity, '$SYS/broker/uptime', integrations)).toBe(false);
    }
    expect(mayPublish(siteToken, '$SYS/broker/uptime', integrations)).toBe(false);
  });
});

describe('who may subscribe', () => {
  it('refuses every subscription of a device, and lets the service subscribe', () => {
    for (const filter of ['#', '$SYS/#', 'hearth/v1/branch/desk-q1', '$share/g/hearth/v1/+/+']) {
      expect(maySubscribe(siteToken, filter)).toBe(false);
      expect(maySubscribe(sensorToken, filter)).toBe(false);
      expect(maySubscribe({ kind: 'service' }, filter)).toBe(true);
    }
  });
});

describe('secrets', () => {
  it('compares secrets of any length', () => {
    expect(sameSecret('s3cret', 's3cret')).toBe(true);
    expect(sameSecret('s3cret', 's3cret!')).toBe(false);
    expect(sameSecret('', 's3cret')).toBe(false);
  });
});
