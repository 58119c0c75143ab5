#!/usr/bin/env node
/** Prints the console's total JavaScript size, raw and gzip, after `vite build`. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else yield full;
  }
}

let raw = 0;
let gzip = 0;
let count = 0;
const rows = [];
for (const file of files(dist)) {
  if (!file.endsWith('.js')) continue;
  const data = readFileSync(file);
  const gz = gzipSync(data, { level: 9 }).length;
  raw += data.length;
  gzip += gz;
  count += 1;
  rows.push([path.relative(dist, file), data.length, gz]);
}
if (count === 0) {
  console.error(`no JavaScript found in ${dist}; run vite build first`);
  process.exit(1);
}
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' kB';
rows.sort((a, b) => b[2] - a[2]);
for (const [name, r, g] of rows.slice(0, 8)) console.log(`  ${name.padEnd(48)} ${kb(r)} │ gzip ${kb(g)}`);
console.log(`web-console JS total: ${(raw / 1024).toFixed(1)} kB, ${(gzip / 1024).toFixed(1)} kB gzip (${count} files)`);
