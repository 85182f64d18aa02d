import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentialsCsv, deviceTopics, isAclSafeTopic, mosquittoAclFile, mosquittoConfSnippet, mosquittoPasswordFile, mosquittoPasswordHash, writeMosquittoFiles, type MosquittoPlan } from './mosquitto-files.js';

const plan: MosquittoPlan = {
  service: { username: 'hearth', password: 'service-secret' },
  integrationTopics: ['v3/branch-app@ttn/devices/+/up'],
  devices: [
    { grant: { site: 'branch', sensor: null }, token: 'hth_site', topics: deviceTopics({ site: 'branch', sensor: null }, ['v3/branch-app@ttn/devices/+/up']) },
    { grant: { site: 'central', sensor: 'door-1' }, token: 'hth_sensor', topics: deviceTopics({ site: 'central', sensor: 'door-1' }, []) },
  ],
};

describe('Mosquitto password hashes', () => {
  it("reproduces a line mosquitto_passwd 2.0 wrote (PBKDF2-SHA512, 101 rounds, 12 bytes of salt)", () => {
    // `mosquitto_passwd -b -c pw alice s3cret` on Mosquitto 2.0.11
    const line = 'alice:$7$101$51gnvH0qarlqlayS$7yFulvRdIjVeklnXlAwec2ECbbD1bo2yoUD2rmZYxDJ+b9/UG3C+dAt73i3+HrU0mR5h4TGG6v66ELRIrIKpIg==';
    const salt = Buffer.from(line.split('$')[3], 'base64');
    expect(`alice:${mosquittoPasswordHash('s3cret', { salt })}`).toBe(line);
    expect(mosquittoPasswordHash('s3cret!', { salt })).not.toBe(line.slice('alice:'.length));
  });

  it('salts every hash afresh', () => {
    expect(mosquittoPasswordHash('same')).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
    expect(mosquittoPasswordHash('same')).not.toBe(mosquittoPasswordHash('same'));
  });
});

describe('the files for Mosquitto', () => {
  it('names each device by its grant in the password file, Hearth first', () => {
    const text = mosquittoPasswordFile(plan, (p) => `<${p}>`);
    expect(text).toBe('hearth:<service-secret>\nbranch:<hth_site>\ncentral/door-1:<hth_sensor>\n');
  });

  it('grants devices writes to their own topics only, and Hearth reads', () => {
    const acl = mosquittoAclFile(plan, new Date('2026-11-22T10:00:00Z'));
    const rules = acl.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(rules).toEqual([
      'user hearth',
      'topic readwrite hearth/#',
      'topic read v3/branch-app@ttn/devices/+/up',
      'user branch',
      'topic write hearth/v1/branch/+',
      'topic write v3/branch-app@ttn/devices/+/up',
      'user central/door-1',
      'topic write hearth/v1/central/door-1',
    ]);
  });

  it('refuses a topic that would break out of its ACL line', () => {
    expect(isAclSafeTopic('v3/app/devices/+/up')).toBe(true);
    for (const bad of ['a\nuser hearth', ' a', '$SYS/#', '']) expect(isAclSafeTopic(bad)).toBe(false);
    expect(() => mosquittoAclFile({ ...plan, integrationTopics: ['x\ntopic readwrite #'] })).toThrow(/cannot be written/);
  });

  it('loads the files by absolute path with anonymous clients off', () => {
    const conf = mosquittoConfSnippet('relative/out');
    expect(conf).toContain('allow_anonymous false\n');
    expect(conf).toContain(`password_file ${path.resolve('relative/out/passwd')}\n`);
    expect(conf).toContain(`acl_file ${path.resolve('relative/out/acl')}\n`);
  });

  it('writes the four files, the tokens readable by their owner only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-mqtt-acl-'));
    try {
      const files = writeMosquittoFiles(path.join(dir, 'out'), plan);
      expect(files.map((f) => path.basename(f))).toEqual(['passwd', 'acl', 'mosquitto.conf', 'credentials.csv']);
      const csv = path.join(dir, 'out', 'credentials.csv');
      expect(fs.readFileSync(csv, 'utf8')).toBe(credentialsCsv(plan));
      expect(fs.readFileSync(csv, 'utf8')).toBe('username,token\nbranch,hth_site\ncentral/door-1,hth_sensor\n');
      expect(fs.statSync(csv).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(dir, 'out', 'passwd')).mode & 0o007).toBe(0);
      expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['acl', 'credentials.csv', 'mosquitto.conf', 'passwd']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
