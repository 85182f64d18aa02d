import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@hearth/config';
import { credentialsCsv, deviceTopics, deviceUsername, filtersOverlap, isAclSafeTopic, writeMosquittoFiles, type DeviceGrant, type MosquittoPlan } from '@hearth/broker';
import { DeviceTokensService } from '@hearth/telemetry';
import { withDatabase } from './with-database.js';

/**
 * `npm run mqtt:acl -- --out DIR [--per-sensor] [--site KEY]... [--service-password P] [--revoke-previous] [--print]`:
 * gives an external Mosquitto the rules Hearth's embedded broker keeps. It
 * issues a fresh device token for every site (or, with --per-sensor, for
 * every active sensor), labelled "mqtt <user>", and writes into DIR a
 * Mosquitto password file, an ACL file, the mosquitto.conf lines that load
 * them, and credentials.csv (the tokens, for the installers; readable by its
 * owner only). Hearth's own user is MQTT_USERNAME (default "hearth") with the
 * password MQTT_PASSWORD or --service-password. Tokens are printed only with --print.
 */
const USAGE = `usage: npm run mqtt:acl -- --out DIR [--per-sensor] [--site KEY]... [--service-password PASSWORD] [--revoke-previous] [--print]
  --out DIR             where passwd, acl, mosquitto.conf and credentials.csv are written
  --per-sensor          one token (and Mosquitto user <site>/<sensor>) per active sensor; default one per site (user <site>)
  --site KEY            only this site (repeatable); default every site
  --service-password P  Hearth's own MQTT password (default $MQTT_PASSWORD); its user name is $MQTT_USERNAME or "hearth"
  --revoke-previous     revoke the tokens an earlier run issued for the same sites ("mqtt ..." labels)
  --print               also print username,token lines to stdout`;

const LABEL_PREFIX = 'mqtt ';

/** A refusal found while reading the registry: reported after the database is closed. */
class Refusal extends Error {}

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let values;
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    allowPositionals: false,
    options: {
      out: { type: 'string' },
      'per-sensor': { type: 'boolean' },
      site: { type: 'string', multiple: true },
      'service-password': { type: 'string' },
      'revoke-previous': { type: 'boolean' },
      print: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!values.out) fail(`--out DIR is required\n${USAGE}`);
let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) fail(e.message);
  throw e;
}
const serviceUser = config.mqtt.username || 'hearth';
const servicePassword = values['service-password'] ?? config.mqtt.password;
if (!servicePassword) fail("Hearth's own MQTT password is needed: set MQTT_PASSWORD (as Hearth will use it) or pass --service-password.");
const out = path.resolve(values.out);
try {
  fs.mkdirSync(out, { recursive: true });
  fs.accessSync(out, fs.constants.W_OK);
} catch (err) {
  fail(`cannot write into ${out}: ${(err as Error).message}`, 1);
}

const run = withDatabase(async (ds) => {
  const wanted = values.site ?? [];
  const sites: { key: string; topics: string[] }[] = await ds.query(
    `SELECT site.key, COALESCE((SELECT array_agg(i->>'topic' ORDER BY i->>'topic') FROM jsonb_array_elements(site.integrations) i WHERE i->>'topic' IS NOT NULL), '{}') AS topics
     FROM site WHERE cardinality($1::text[]) = 0 OR site.key = ANY($1) ORDER BY site.key`,
    [wanted],
  );
  const missing = wanted.filter((k) => !sites.some((s) => s.key === k));
  if (missing.length) throw new Refusal(`no such site: ${missing.join(', ')}`);
  if (!sites.length) throw new Refusal('the registry has no sites yet: import a site file first (npm run site:import).');
  if (sites.some((s) => s.key === serviceUser)) throw new Refusal(`a site is called "${serviceUser}", the same as Hearth's own MQTT user: set MQTT_USERNAME to another name.`);

  const warnings: string[] = [];
  const safe = new Map<string, string[]>();
  for (const site of sites) {
    safe.set(
      site.key,
      site.topics.filter((t) => isAclSafeTopic(t) || !warnings.push(`site ${site.key}: integration topic ${JSON.stringify(t)} left out (it cannot be written into an ACL file)`)),
    );
  }
  // Two sites whose integrations share topics cannot be told apart by an ACL: say so.
  const all = [...safe].flatMap(([site, topics]) => topics.map((topic) => ({ site, topic })));
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      if (all[i].site !== all[j].site && filtersOverlap(all[i].topic, all[j].topic)) {
        warnings.push(`integration topics overlap: ${all[i].site} "${all[i].topic}" and ${all[j].site} "${all[j].topic}": a device of either site may publish messages the other site's integration takes`);
      }
    }
  }

  let grants: DeviceGrant[] = sites.map((s) => ({ site: s.key, sensor: null }));
  if (values['per-sensor']) {
    const sensors: { site: string; sensor: string }[] = await ds.query(
      `SELECT site.key AS site, s.key AS sensor FROM sensor s JOIN site ON site.id = s.site_id WHERE s.status = 'active' AND site.key = ANY($1) ORDER BY site.key, s.key`,
      [sites.map((s) => s.key)],
    );
    grants = sensors.map((s) => ({ site: s.site, sensor: s.sensor }));
  }

  const tokens = new DeviceTokensService(ds);
  let revoked = 0;
  if (values['revoke-previous']) {
    for (const site of sites) {
      for (const t of await tokens.list(site.key)) {
        if (!t.revokedAt && t.label.startsWith(LABEL_PREFIX)) {
          await tokens.revoke(t.id);
          revoked++;
        }
      }
    }
  }
  const plan: MosquittoPlan = {
    service: { username: serviceUser, password: servicePassword },
    integrationTopics: [...safe.values()].flat(),
    devices: [],
  };
  for (const grant of grants) {
    const issued = await tokens.issue(grant.site, { sensor: grant.sensor ?? undefined, label: `${LABEL_PREFIX}${deviceUsername(grant)}` });
    plan.devices.push({ grant, token: issued.token, topics: deviceTopics(grant, grant.sensor === null ? (safe.get(grant.site) ?? []) : []) });
  }
  return { plan, files: writeMosquittoFiles(out, plan), warnings, revoked, sites: sites.length };
});
const result = await run.catch((err: Error) => fail(err instanceof Refusal ? `${err.message}\nNothing was changed.` : (err.stack ?? err.message), 1));

for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
const lines = [
  `Issued ${result.plan.devices.length} MQTT device token${result.plan.devices.length === 1 ? '' : 's'} for ${result.sites} site${result.sites === 1 ? '' : 's'} (${values['per-sensor'] ? 'one per sensor, user <site>/<sensor>' : 'one per site, user <site>'})${result.revoked ? `; revoked ${result.revoked} earlier one${result.revoked === 1 ? '' : 's'}` : ''}.`,
  `Hearth's own user: ${serviceUser} (reads hearth/# and the integration topics).`,
  'Wrote:',
  ...result.files.map((f) => `  ${f}`),
  `Add the lines of ${path.join(out, 'mosquitto.conf')} to the broker's configuration and reload it; hand credentials.csv to the installers, then delete it.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (values.print) process.stdout.write(credentialsCsv(result.plan));
