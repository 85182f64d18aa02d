#!/usr/bin/env node
// Runs Hearth's fault tests (the reliability matrix's T05-T28) one file at a time and prints one
// line per test with its figure, sorted by test id.
//
//   npm run test:faults                 every fault test, the slow *.fault-spec.ts ones included
//   npm run test:faults -- --only T07,T13
//   HEARTH_FAULTS_FULL=1 npm run test:faults   the long variants (10-minute outage, kills every 30 s, ...)
//
// A fault test records its figure with reportFigure() (apps/server/test/faults/figures.ts), which
// appends it to the file named by HEARTH_FIGURES_FILE. The run fails when jest fails or when an
// expected test reported no figure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXPECTED = ['T05', 'T07', 'T08', 'T10', 'T12', 'T13', 'T14', 'T15', 'T16', 'T17', 'T18', 'T19', 'T20', 'T22', 'T23', 'T24', 'T25', 'T26', 'T28'];
const FAULT_DIR = path.join('apps', 'server', 'test', 'faults');
const SEARCH_DIRS = ['apps', 'libs', 'test', 'dashboards'];
const SPEC = /\.(e2e-spec|fault-spec|int-spec|spec)\.ts$/;

function usage(message) {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write('usage: node scripts/test-faults.mjs [--only T07,T13] [-- <extra jest arguments>]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
let only;
const jestExtra = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--only') only = args[++i];
  else if (a.startsWith('--only=')) only = a.slice('--only='.length);
  else if (a === '--') {
    jestExtra.push(...args.slice(i + 1));
    break;
  } else if (a === '--help' || a === '-h') usage();
  else usage(`unknown argument: ${a}`);
}
const wanted = only === undefined ? undefined : only.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
if (wanted && (wanted.length === 0 || wanted.some((id) => !/^T\d\d$/.test(id)))) usage(`--only takes test ids such as T07,T13 (got "${only}")`);

/** Every spec file under the source folders (node_modules and dist left out). */
function specFiles(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) specFiles(full, out);
    else if (SPEC.test(entry.name)) out.push(full);
  }
  return out;
}

/** The test ids a spec reports figures for: its file name's tNN- prefix and every reportFigure('Tnn' it contains. */
function idsOf(file) {
  const ids = new Set();
  const prefix = /^t(\d\d)-/i.exec(path.basename(file));
  if (prefix) ids.add(`T${prefix[1]}`);
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/reportFigure\(\s*['"`](T\d\d)['"`]/g)) ids.add(m[1]);
  return ids;
}

// The fault folder's specs, plus any spec elsewhere that reports a figure (a browser test, say).
const candidates = SEARCH_DIRS.filter((d) => fs.existsSync(path.join(ROOT, d))).flatMap((d) => specFiles(path.join(ROOT, d)));
const files = candidates
  .map((file) => ({ file, rel: path.relative(ROOT, file), ids: idsOf(file) }))
  .filter(({ rel, ids }) => rel.startsWith(FAULT_DIR + path.sep) || ids.size > 0)
  .filter(({ ids }) => !wanted || [...ids].some((id) => wanted.includes(id)))
  .sort((a, b) => a.rel.localeCompare(b.rel));
const expected = wanted ?? EXPECTED;

if (files.length === 0) {
  process.stderr.write(`No fault test matches ${wanted ? wanted.join(', ') : 'the expected ids'}.\n`);
  process.exit(1);
}

const figuresFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-figures-')), 'figures.txt');
fs.writeFileSync(figuresFile, '');
process.stdout.write(`Fault tests: ${files.length} file(s), one at a time${process.env.HEARTH_FAULTS_FULL === '1' ? ' (HEARTH_FAULTS_FULL=1: long variants)' : ''}\n`);
for (const f of files) process.stdout.write(`  ${f.rel}${f.ids.size ? ` (${[...f.ids].sort().join(', ')})` : ''}\n`);

const started = Date.now();
const jest = spawnSync(
  process.execPath,
  [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', '--runTestsByPath', ...files.map((f) => f.rel), ...jestExtra],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim(),
      HEARTH_FIGURES_FILE: figuresFile,
      HEARTH_FAULT_SPECS: '1',
    },
  },
);
const jestCode = jest.status ?? 1;

// One line per figure, by test id (a test's lines keep the order they were reported in).
const lines = fs
  .readFileSync(figuresFile, 'utf8')
  .split('\n')
  .filter((l) => /^T\d\d /.test(l))
  .map((line, order) => ({ id: line.slice(0, 3), line, order }))
  .sort((a, b) => a.id.localeCompare(b.id) || a.order - b.order);
const reported = new Set(lines.map((l) => l.id));
const missing = expected.filter((id) => !reported.has(id));
const extra = [...reported].filter((id) => !expected.includes(id)).sort();

process.stdout.write(`\nFault test figures (${((Date.now() - started) / 1000).toFixed(0)} s):\n`);
for (const { line } of lines) process.stdout.write(`${line}\n`);
for (const id of missing) process.stdout.write(`${id} no figure\n`);
process.stdout.write(`\n${expected.length - missing.length} of ${expected.length} expected tests reported a figure${missing.length ? `; no figure: ${missing.join(' ')}` : ''}${extra.length ? `; also reported: ${extra.join(' ')}` : ''}\n`);
process.stdout.write(`jest exit code ${jestCode}\n`);
fs.rmSync(path.dirname(figuresFile), { recursive: true, force: true });
process.exit(jestCode !== 0 ? jestCode : missing.length > 0 ? 1 : 0);
