// `npm run build:client`: the web app into dist/client, skipped when nothing it is built from
// has changed since the last build (`--force` builds anyway).
//
// What it is built from: the whole client/ folder, package-lock.json, this script, and every
// other project folder the last build read a module from (domain/, today). The stamp in
// dist/client keeps that list and a hash of those files' paths and contents, so a new, changed
// or deleted file there means a new build; `vite build` empties dist/client, stamp included.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'dist', 'client');
const stampFile = path.join(outDir, '.build-stamp.json');
const ALWAYS = ['client', 'package-lock.json', 'scripts/build-client.mjs'];
const SKIP = new Set(['node_modules', 'dist']);

function filesUnder(relative) {
  const full = path.join(root, relative);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [relative];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .filter((entry) => !SKIP.has(entry.name))
    .flatMap((entry) => filesUnder(path.join(relative, entry.name)));
}

function fingerprint(inputs) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(filesUnder).sort()) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return null;
  }
}

const stamp = readStamp();
const inputs = [...new Set([...ALWAYS, ...(stamp?.inputs ?? ['domain'])])].sort();
const before = fingerprint(inputs);
if (!process.argv.includes('--force') && stamp?.hash === before && fs.existsSync(path.join(outDir, 'index.html'))) {
  process.exit(0); // up to date
}

// The runner loads client/vite.config.ts as the ES module it is (the default loader warns
// that a .ts file in a CommonJS package is not ESM for Node).
const { build } = await import('vite'); // only when there is something to build: it takes a while to load
const result = await build({ configFile: path.join(root, 'client', 'vite.config.ts'), configLoader: 'runner', logLevel: 'warn' });

// Project folders the bundle read modules from, besides client/.
const read = (Array.isArray(result) ? result : [result])
  .flatMap((output) => output.output ?? [])
  .flatMap((file) => (file.type === 'chunk' ? file.moduleIds : []))
  .filter((id) => path.isAbsolute(id))
  .map((id) => path.relative(root, id).split(path.sep)[0])
  .filter((top) => top && top !== '..' && !SKIP.has(top));
const used = [...new Set([...inputs, ...read])].sort();
// Hashed before the build, so an edit made while it ran is seen next time.
const hash = used.length === inputs.length ? before : fingerprint(used);
fs.writeFileSync(stampFile, JSON.stringify({ inputs: used, hash }, null, 2) + '\n');
