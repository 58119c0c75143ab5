/** npm run bench -- <name>: runs one benchmark (intake, routing, sla, scale, writes, audit, reports, voice). */
const name = process.env.BENCH_NAME ?? process.argv[2] ?? 'intake';
const known = ['intake', 'routing', 'sla', 'scale', 'writes', 'audit', 'reports', 'voice'];
if (!known.includes(name)) {
  console.error(`unknown benchmark "${name}"; known: ${known.join(', ')}`);
  process.exit(2);
}
try {
  await import(`./${name}.ts`);
} catch (err) {
  if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String(err).includes(`${name}.ts`)) {
    console.error(`benchmark "${name}" is not written yet`);
    process.exit(2);
  }
  throw err;
}
process.exit(0);

export {};
