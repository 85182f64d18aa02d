import { pbkdf2Sync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TOPIC_ROOT } from '@hearth/contracts';
import { deviceUsername, type DeviceGrant } from './mqtt-access.js';

/**
 * The files that give an external Mosquitto 2 the same rules as Hearth's
 * embedded broker: a password file with one user per device token (and one
 * for Hearth itself), an ACL file with each user's topics, and the lines of
 * mosquitto.conf that load them. `npm run mqtt:acl` writes them from the
 * registry.
 */

/** One device's credential and the topics it may publish to. */
export interface MosquittoDevice {
  grant: DeviceGrant;
  token: string;
  /** Topics or filters it may write; see deviceTopics. */
  topics: string[];
}

export interface MosquittoPlan {
  /** Hearth's own user: reads and writes under hearth/, reads every integration topic. */
  service: { username: string; password: string };
  /** Every site's integration topic filters (what Hearth subscribes to besides hearth/v1/+/+). */
  integrationTopics: string[];
  devices: MosquittoDevice[];
}

/** The files written, by name. */
export const MOSQUITTO_FILES = { passwd: 'passwd', acl: 'acl', conf: 'mosquitto.conf', credentials: 'credentials.csv' } as const;

const PBKDF2_ITERATIONS = 101;

/**
 * A password hash in Mosquitto 2's password-file format:
 * `$7$<iterations>$<salt, base64>$<PBKDF2-SHA512 hash, base64>`, the same
 * as `mosquitto_passwd` writes (12 bytes of salt, 64 of hash, 101 rounds by
 * default: device tokens are 256 random bits, so more rounds add nothing).
 */
export function mosquittoPasswordHash(password: string, opts: { iterations?: number; salt?: Buffer } = {}): string {
  const iterations = opts.iterations ?? PBKDF2_ITERATIONS;
  const salt = opts.salt ?? randomBytes(12);
  const hash = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** The topics a device may publish to: its sensor's, or for a site's token every sensor's and the site's integration topics. */
export function deviceTopics(grant: DeviceGrant, siteIntegrationTopics: readonly string[]): string[] {
  if (grant.sensor !== null) return [`${TOPIC_ROOT}/${grant.site}/${grant.sensor}`];
  return [`${TOPIC_ROOT}/${grant.site}/+`, ...siteIntegrationTopics];
}

/**
 * True when a topic filter can be written into an ACL file as it is: no
 * control characters (a line break would start a new rule), no surrounding
 * spaces, not under "$".
 */
export function isAclSafeTopic(topic: string): boolean {
  // eslint-disable-next-line no-control-regex
  return topic.length > 0 && topic === topic.trim() && !/[\u0000-\u001f\u007f]/.test(topic) && !topic.startsWith('$');
}

/** The password file: `user:hash` lines, Hearth's own user first. */
export function mosquittoPasswordFile(plan: MosquittoPlan, hash: (password: string) => string = mosquittoPasswordHash): string {
  const lines = [`${plan.service.username}:${hash(plan.service.password)}`, ...plan.devices.map((d) => `${deviceUsername(d.grant)}:${hash(d.token)}`)];
  return `${lines.join('\n')}\n`;
}

/**
 * The ACL file. Hearth's user reads and writes under hearth/ (its status
 * topic, and the demo's simulator when it runs against this broker) and
 * reads the integration topics; each device user may only write its own
 * topics and may read nothing, so a device's subscription delivers nothing.
 */
export function mosquittoAclFile(plan: MosquittoPlan, writtenAt = new Date()): string {
  for (const topic of [...plan.integrationTopics, ...plan.devices.flatMap((d) => d.topics)]) {
    if (!isAclSafeTopic(topic)) throw new Error(`the topic ${JSON.stringify(topic)} cannot be written into an ACL file`);
  }
  const out = [
    `# Hearth: topic access for Mosquitto, written by \`npm run mqtt:acl\` at ${writtenAt.toISOString()}.`,
    '# Nothing is granted to anonymous clients (no rules before the first "user").',
    '',
    `user ${plan.service.username}`,
    'topic readwrite hearth/#',
    ...[...new Set(plan.integrationTopics)].map((t) => `topic read ${t}`),
  ];
  for (const device of plan.devices) out.push('', `user ${deviceUsername(device.grant)}`, ...device.topics.map((t) => `topic write ${t}`));
  return `${out.join('\n')}\n`;
}

/** The mosquitto.conf lines that load the two files from `dir`. */
export function mosquittoConfSnippet(dir: string, writtenAt = new Date()): string {
  return [
    `# Hearth: device credentials and topic ACLs, written by \`npm run mqtt:acl\` at ${writtenAt.toISOString()}.`,
    '# Copy these lines into mosquitto.conf, or put this file in a directory that include_dir names; Mosquitto must be able to read both files.',
    'allow_anonymous false',
    `password_file ${path.resolve(dir, MOSQUITTO_FILES.passwd)}`,
    `acl_file ${path.resolve(dir, MOSQUITTO_FILES.acl)}`,
    '',
  ].join('\n');
}

/** The installers' sheet: one `username,token` line per device. */
export function credentialsCsv(plan: MosquittoPlan): string {
  return `username,token\n${plan.devices.map((d) => `${deviceUsername(d.grant)},${d.token}\n`).join('')}`;
}

/**
 * Writes passwd, acl, mosquitto.conf and credentials.csv into `dir` (created
 * if missing). The password and ACL files are readable by their owner and
 * group only; the credentials sheet, which holds the tokens themselves, by its
 * owner only. Each file is written under a temporary name and renamed, so a
 * broker reloading meanwhile never reads half a file.
 */
export function writeMosquittoFiles(dir: string, plan: MosquittoPlan, writtenAt = new Date()): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: [string, string, number][] = [
    [MOSQUITTO_FILES.passwd, mosquittoPasswordFile(plan), 0o640],
    [MOSQUITTO_FILES.acl, mosquittoAclFile(plan, writtenAt), 0o640],
    [MOSQUITTO_FILES.conf, mosquittoConfSnippet(dir, writtenAt), 0o644],
    [MOSQUITTO_FILES.credentials, credentialsCsv(plan), 0o600],
  ];
  const written: string[] = [];
  for (const [name, text, mode] of files) {
    const target = path.resolve(dir, name);
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text, { mode });
    fs.chmodSync(temp, mode); // the umask may have taken bits off
    fs.renameSync(temp, target);
    written.push(target);
  }
  return written;
}
