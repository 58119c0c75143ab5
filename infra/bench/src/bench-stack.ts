/** Real processes for benchmarks: a fresh database and Redis prefix, the API (and workers) as children. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface BenchSettings {
  name: string;
  mongodbUri: string;
  redisUrl: string;
  prefix: string;
  port: number;
}

export function benchSettings(name: string): BenchSettings {
  const id = `${Date.now().toString(36)}`;
  return {
    name,
    mongodbUri: `mongodb://127.0.0.1:27017/hotline_bench_${name}_${id}`,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix: `hotline-bench-${name}-${id}`,
    port: Number(process.env.BENCH_PORT ?? 3900),
  };
}

const childEnv = (s: BenchSettings, extra: Record<string, string>) => ({
  ...process.env, NODE_ENV: 'test', MONGODB_URI: s.mongodbUri, REDIS_URL: s.redisUrl, BULLMQ_PREFIX: s.prefix,
  PORT: String(s.port), LOG_LEVEL: 'warn', ...extra,
});

export async function seedDatabase(s: BenchSettings): Promise<void> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'services/db/src/seed/main.ts', '--demo'], { cwd: ROOT, env: childEnv(s, {}), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`seed failed: ${r.stderr}`);
}

function startChild(entry: string, s: BenchSettings, extra: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env: childEnv(s, extra), stdio: ['ignore', 'inherit', 'inherit'] });
  return child;
}

const stopChild = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (c.exitCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  });

export async function startApiProcess(s: BenchSettings, extra: Record<string, string> = {}) {
  const child = startChild('services/api/src/main.ts', s, extra);
  const url = `http://127.0.0.1:${s.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the API did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child, stop: () => stopChild(child) };
}

export async function startWorkersProcess(s: BenchSettings, extra: Record<string, string> = {}) {
  const child = startChild('workers/src/main.ts', s, extra);
  return { child, stop: () => stopChild(child) };
}

export async function cleanRedisPrefix(s: BenchSettings): Promise<void> {
  const redis = new Redis(s.redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${s.prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

export async function dropDatabase(s: BenchSettings): Promise<void> {
  await mongoose.connect(s.mongodbUri);
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
}
