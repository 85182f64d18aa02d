// Builds the dashboard: one bundle per entry (the planners' dashboard and the public page),
// minified, with the static pages beside them, into dist/dashboards. `--watch` rebuilds on change.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'dist', 'dashboards');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
for (const file of fs.readdirSync(path.join(here, 'static'))) fs.copyFileSync(path.join(here, 'static', file), path.join(out, file));

const options = {
  entryPoints: { app: path.join(here, 'src', 'main.ts'), public: path.join(here, 'src', 'public.ts') },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  outdir: out,
  metafile: true,
  logLevel: 'warning',
};
if (process.argv.includes('--watch')) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  const result = await esbuild.build(options);
  fs.writeFileSync(path.join(out, 'meta.json'), JSON.stringify(result.metafile));
}
