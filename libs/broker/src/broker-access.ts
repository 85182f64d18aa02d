import type { Aedes, AuthenticateError, Client, PublishPacket, Subscription } from 'aedes';
import {
  deviceUsername,
  grantMatches,
  isAcceptableClientId,
  mayPublish,
  maySubscribe,
  parseDeviceUsername,
  sameSecret,
  type BrokerIdentity,
  type DeviceGrant,
  type IntegrationTopics,
} from './mqtt-access.js';

/**
 * What the embedded broker asks Hearth's registry: which grant a device
 * token carries, and which topics each site's integrations name. Hearth hands
 * it over once its database is up (`admitDevices`).
 */
export interface DeviceAuthority {
  /** The grant of a live device token; null when the token is unknown or revoked. */
  grantOf(token: string): Promise<DeviceGrant | null>;
  /** Every site's integration topic filters, by site key (sites without any may be left out). */
  integrationTopics(): Promise<IntegrationTopics>;
}

/** Where the broker writes what it refuses (a pino logger fits). */
export interface BrokerLog {
  warn(fields: Record<string, unknown>, msg: string): void;
  info(fields: Record<string, unknown>, msg: string): void;
}

export interface BrokerAccessOptions {
  /** The credential of Hearth's own clients (the ingest subscriber, the demo's simulator). */
  service: { username: string; password: string };
  /** Let clients without a user name in, unrestricted (MQTT_ALLOW_ANONYMOUS). */
  allowAnonymous: boolean;
  log?: BrokerLog;
  /** How long the sites' integration topics are kept before they are read again (default 5 s). */
  integrationRefreshMs?: number;
  /** How often a connected device's token is checked again, so that a revoked token stops working (default 30 s). */
  revalidateMs?: number;
}

/** MQTT 3.1.1 CONNACK return codes. */
const IDENTIFIER_REJECTED = 2;
const SERVER_UNAVAILABLE = 3;
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;

const refusal = (returnCode: number, message: string): AuthenticateError => Object.assign(new Error(message), { returnCode }) as AuthenticateError;

interface Session {
  identity: BrokerIdentity;
  /** A device's token, kept in memory only to check it again later. */
  token?: string;
  checkedAt: number;
  warned?: boolean;
}

/**
 * The embedded broker's gatekeeper: authenticates every CONNECT, and decides
 * every PUBLISH and SUBSCRIBE by the rules of `mqtt-access.ts`. Until Hearth
 * has handed it a DeviceAuthority, only the service credential (and anonymous
 * clients, where allowed) gets in; devices are told the server is unavailable
 * and come back later. A refused publish closes the device's connection (MQTT
 * 3.1.1 gives a broker no other way to say no) and is logged once per
 * connection; tokens never appear in the logs.
 */
export class BrokerAccess {
  private authority: DeviceAuthority | undefined;
  private readonly sessions = new WeakMap<Client, Session>();
  private integrations: IntegrationTopics = new Map();
  private integrationsAt = -Infinity;
  private loading: Promise<void> | undefined;
  private readonly refusals = new Map<string, number>();
  private readonly refreshMs: number;
  private readonly revalidateMs: number;

  constructor(private readonly opts: BrokerAccessOptions) {
    this.refreshMs = opts.integrationRefreshMs ?? 5000;
    this.revalidateMs = opts.revalidateMs ?? 30_000;
  }

  /** Lets devices in from now on, checking their tokens with `authority`. */
  admitDevices(authority: DeviceAuthority): void {
    this.authority = authority;
    this.integrationsAt = -Infinity;
  }

  /** Installs the checks on an aedes instance. */
  install(broker: Aedes): void {
    broker.authenticate = (client, username, password, done) => {
      this.authenticate(client, username, password).then(
        (session) => {
          this.sessions.set(client, session);
          done(null, true);
        },
        (err: AuthenticateError) => done(err, false),
      );
    };
    broker.authorizePublish = (client, packet, done) => {
      this.authorizePublish(client, packet).then(
        () => done(null),
        (err: Error) => done(err),
      );
    };
    broker.authorizeSubscribe = (client, sub, done) => done(null, this.authorizeSubscribe(client, sub));
  }

  /** Who the client is, or a refusal carrying the CONNACK return code. */
  async authenticate(client: Pick<Client, 'id'>, username: string | undefined, password: Buffer | undefined): Promise<Session> {
    if (!isAcceptableClientId(client.id)) throw this.refuse(IDENTIFIER_REJECTED, 'client id refused', username, 'the client id contains "+", "#" or a control character');
    if (!username && !password) {
      if (this.opts.allowAnonymous) return { identity: { kind: 'anonymous' }, checkedAt: Date.now() };
      throw this.refuse(NOT_AUTHORIZED, 'not authorized', undefined, 'anonymous clients are not allowed');
    }
    const secret = password?.toString('utf8') ?? '';
    if (username === this.opts.service.username && sameSecret(secret, this.opts.service.password)) return { identity: { kind: 'service' }, checkedAt: Date.now() };
    const claimed = username ? parseDeviceUsername(username) : null;
    if (!claimed) throw this.refuse(BAD_USERNAME_OR_PASSWORD, 'bad user name or password', username, 'the user name is neither <site> nor <site>/<sensor>');
    if (!secret.startsWith('hth_')) throw this.refuse(BAD_USERNAME_OR_PASSWORD, 'bad user name or password', username, 'the password is not a device token');
    const authority = this.authority;
    if (!authority) throw this.refuse(SERVER_UNAVAILABLE, 'server unavailable', username, 'devices are admitted once Hearth has started');
    let grant: DeviceGrant | null;
    try {
      grant = await authority.grantOf(secret);
    } catch (err) {
      throw this.refuse(SERVER_UNAVAILABLE, 'server unavailable', username, `device tokens cannot be checked: ${(err as Error).message}`);
    }
    if (!grant || !grantMatches(claimed, grant)) throw this.refuse(BAD_USERNAME_OR_PASSWORD, 'bad user name or password', username, grant ? 'the token is for another site or sensor' : 'unknown or revoked device token');
    return { identity: { kind: 'device', ...grant }, token: secret, checkedAt: Date.now() };
  }

  /** Resolves when `client` may publish `packet`; rejects (and the broker closes the connection) otherwise. */
  async authorizePublish(client: Client | null, packet: Pick<PublishPacket, 'topic'>): Promise<void> {
    const session = client ? this.sessions.get(client) : undefined;
    if (!client || !session) throw new Error('publish refused: unknown client');
    if (!(await this.permits(session, packet.topic))) {
      if (!session.warned) {
        session.warned = true;
        const who = session.identity.kind === 'device' ? deviceUsername(session.identity) : session.identity.kind;
        this.opts.log?.warn({ clientId: client.id, user: who, topic: packet.topic }, 'MQTT publish refused: the topic is not this device\'s (the connection is closed; further refusals on it are not logged)');
      }
      throw new Error(`publish to ${packet.topic} refused`);
    }
  }

  /** The subscription as granted, or null (SUBACK 0x80) when refused. */
  authorizeSubscribe(client: Client, sub: Subscription): Subscription | null {
    const session = this.sessions.get(client);
    return session && maySubscribe(session.identity, sub.topic) ? sub : null;
  }

  private async permits(session: Session, topic: string): Promise<boolean> {
    const identity = session.identity;
    if (identity.kind !== 'device') return mayPublish(identity, topic, this.integrations);
    if (!(await this.stillValid(session))) return false;
    if (identity.sensor === null && !topic.startsWith('hearth/')) await this.loadIntegrations(this.refreshMs);
    if (mayPublish(identity, topic, this.integrations)) return true;
    // A site file imported a moment ago may name a new integration topic: read again, at most once a second.
    if (identity.sensor === null && !topic.startsWith('hearth/')) {
      await this.loadIntegrations(1000);
      return mayPublish(identity, topic, this.integrations);
    }
    return false;
  }

  /** Checks a device's token again every `revalidateMs`; while the registry cannot answer, the last answer stands. */
  private async stillValid(session: Session): Promise<boolean> {
    if (Date.now() - session.checkedAt < this.revalidateMs || !this.authority || session.identity.kind !== 'device') return true;
    try {
      const grant = await this.authority.grantOf(session.token ?? '');
      session.checkedAt = Date.now();
      if (!grant || !grantMatches(session.identity, grant)) {
        this.opts.log?.warn({ user: deviceUsername(session.identity) }, 'MQTT device token revoked: its publishes are refused');
        session.checkedAt = -Infinity;
        return false;
      }
      return true;
    } catch {
      return true;
    }
  }

  private async loadIntegrations(maxAgeMs: number): Promise<void> {
    if (!this.authority || Date.now() - this.integrationsAt < maxAgeMs) return;
    const authority = this.authority;
    this.loading ??= authority
      .integrationTopics()
      .then(
        (topics) => {
          this.integrations = topics;
          this.integrationsAt = Date.now();
        },
        (err: Error) => {
          // Keep the topics known so far; try again on the next publish a second later.
          this.integrationsAt = Date.now() - this.refreshMs + 1000;
          this.opts.log?.warn({ err: err.message }, 'the sites\' integration topics could not be read');
        },
      )
      .finally(() => (this.loading = undefined));
    await this.loading;
  }

  /** Builds a CONNACK refusal and logs it (once a minute per user name and reason). */
  private refuse(returnCode: number, message: string, username: string | undefined, reason: string): AuthenticateError {
    const key = `${username ?? ''}\u0000${reason}`;
    const now = Date.now();
    if ((this.refusals.get(key) ?? -Infinity) < now - 60_000) {
      if (this.refusals.size > 1000) this.refusals.clear();
      this.refusals.set(key, now);
      // A user name that is not a device's shape may be anything a stranger sent: log only that it was refused.
      const user = username === undefined ? undefined : parseDeviceUsername(username) ? username : '(not a device name)';
      this.opts.log?.warn({ user, returnCode, reason }, 'MQTT connection refused');
    }
    return refusal(returnCode, message);
  }
}
