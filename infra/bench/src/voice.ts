/**
 * npm run bench -- voice
 * 200 simultaneous inbound calls (the fake Twilio dials the API's signed
 * webhooks and presses 2) wait in Hà Nội's queue; 20 counsellors with real
 * socket.io consoles each make themselves available, are rung, answer, the
 * caller hangs up, and again, until every call is answered. Measured: the time
 * from a counsellor's "available" request to their console's `voice.ringing`,
 * beside raw socket.io delivery in the same run (an emit from a Redis emitter
 * to the same consoles, through the same adapter). Table, then one JSON line.
 */
import mongoose from 'mongoose';
import { io, type Socket } from 'socket.io-client';
import { createFakeTwilio, FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from '@hotline/telephony';
import { createRedis, createRedisEmitter } from '@hotline/queue';
import { benchSettings, cleanRedisPrefix, dropDatabase, seedDatabase, startApiProcess } from './bench-stack';

const CALLS = Number(process.env.BENCH_VOICE_CALLS ?? 200);
const COUNSELLORS = Number(process.env.BENCH_VOICE_COUNSELLORS ?? 20);
const DIAL_CONCURRENCY = Number(process.env.BENCH_VOICE_DIAL_CONCURRENCY ?? 20);
const RAW_SAMPLES_EACH = Math.ceil(CALLS / COUNSELLORS);
const HN_LINE = '+842471001111';

const settings = benchSettings('voice');
await seedDatabase(settings);
const twilio = createFakeTwilio({ accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN });
const fakeServer = await twilio.listen(0, '127.0.0.1');
// Rings never time out and calls never overflow during the run: only dispatch is measured.
const api = await startApiProcess(settings, { PUBLIC_BASE_URL: `http://127.0.0.1:${settings.port}`, TWILIO_FAKE_URL: fakeServer.url, LOG_LEVEL: 'error', VOICE_RING_SECONDS: '300', VOICE_OVERFLOW_SECONDS: '3600', VOICE_SWEEP_MS: '60000' });
const origin = new URL(api.url).origin;
const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 10) / 10;
};
const ms = () => performance.now();

async function login(email: string, password: string) {
  const r = await fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ email, password }) });
  if (!r.ok) throw new Error(`login ${email}: ${r.status}`);
  return (r.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}
const call = async (cookie: string, method: string, path: string, body?: unknown) => {
  const r = await fetch(api.url + path, { method, headers: { 'content-type': 'application/json', cookie, origin }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await r.json()) as any;
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
};
const fake = async (path: string, body: unknown) => {
  const r = await fetch(fakeServer.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`fake ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as any;
};

const redis = createRedis(settings.redisUrl, 'producer');
const emitter = createRedisEmitter(redis, settings.prefix);
const sockets: Socket[] = [];
try {
  const admin = await login('admin@demo.vn', 'demo1234');
  const counsellors: Array<{ id: string; cookie: string; socket: Socket; rang: (callId?: string) => Promise<{ callId: string; at: number }>; raw: () => Promise<number> }> = [];
  for (let i = 0; i < COUNSELLORS; i++) {
    const email = `bench.voice.${i}@demo.vn`;
    const user = await call(admin, 'POST', '/api/users', { email, name: `Tư vấn viên ${i}`, role: 'counsellor', provinces: ['01'], password: 'bench-voice-1234' });
    const cookie = await login(email, 'bench-voice-1234');
    const socket = io(api.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });
    counsellors.push({
      id: user.id, cookie, socket,
      rang: () => new Promise((resolve) => socket.once('voice.ringing', (p: any) => resolve({ callId: p.call.id, at: ms() }))),
      raw: () => new Promise((resolve) => socket.once('voice.queue_changed', () => resolve(ms()))),
    });
  }
  await new Promise((r) => setTimeout(r, 500)); // presence written

  // Raw socket.io delivery: an emit through the Redis adapter to each console's user room.
  const rawMs: number[] = [];
  for (let round = 0; round < RAW_SAMPLES_EACH; round++) {
    await Promise.all(counsellors.map(async (c) => {
      const heard = c.raw();
      const t0 = ms();
      emitter.emit([`user:${c.id}`], 'voice.queue_changed', { province: '01' });
      rawMs.push((await heard) - t0);
    }));
  }

  // 200 callers at once: each dials and presses 2.
  const t0 = ms();
  // They arrive DIAL_CONCURRENCY at a time (on two shared cores 200 webhooks at once outlast Twilio's 15 s timeout); all 200 then wait at once.
  let next = 0;
  await Promise.all(Array.from({ length: DIAL_CONCURRENCY }, async () => {
    while (next < CALLS) {
      const i = next++;
      const from = `+8498${String(1_000_000 + i).padStart(7, '0')}`;
      const c = await fake('/_fake/inbound-calls', { from, to: HN_LINE, url: `${api.url}/webhooks/twilio/voice/incoming`, statusCallback: `${api.url}/webhooks/twilio/voice/incoming/status` });
      await fake(`/_fake/inbound-calls/${c.sid}/press`, { digits: '2' });
    }
  }));
  const enqueueSeconds = (ms() - t0) / 1000;
  const db = await mongoose.connect(settings.mongodbUri);
  const sidOf = new Map<string, string>();
  for (const row of await db.connection.db!.collection('voice_calls').find({ state: 'waiting' }).toArray()) sidOf.set(row._id.toHexString(), row.callSid as string);

  // Each counsellor: available → rung → answer → the caller hangs up, until the queue is empty.
  const ringMs: number[] = [];
  let answered = 0;
  const t1 = ms();
  await Promise.all(counsellors.map(async (c) => {
    while (answered < CALLS) {
      const ring = c.rang();
      const start = ms();
      await call(c.cookie, 'PUT', '/api/voice/status', { status: 'available' });
      const waiting = await Promise.race([ring, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
      if (!waiting) {
        await call(c.cookie, 'PUT', '/api/voice/status', { status: 'offline' }).catch(() => {});
        return; // queue empty for this counsellor
      }
      ringMs.push(waiting.at - start);
      await call(c.cookie, 'POST', `/api/voice/calls/${waiting.callId}/answer`, { via: 'browser' });
      answered++;
      await fake(`/_fake/inbound-calls/${sidOf.get(waiting.callId) ?? ''}/hangup`, {});
    }
  }));
  const drainSeconds = (ms() - t1) / 1000;
  const completed = await db.connection.db!.collection('voice_calls').countDocuments({ state: 'completed' });

  const ratio = (a: number, b: number) => Math.round((a / (b || 1)) * 100) / 100;
  const ring = { samples: ringMs.length, p50: pct(ringMs, 50), p99: pct(ringMs, 99) };
  const raw = { samples: rawMs.length, p50: pct(rawMs, 50), p99: pct(rawMs, 99) };
  console.log(`\nvoice benchmark: ${CALLS} simultaneous inbound calls, ${COUNSELLORS} counsellors' consoles (socket.io), API in its own process`);
  console.log(`calls queued in ${enqueueSeconds.toFixed(1)} s (${DIAL_CONCURRENCY} dialling at a time); drained (ring → answer → hang up) in ${drainSeconds.toFixed(1)} s; ${answered} answered, ${completed} completed`);
  console.log('measure                                        samples   p50 ms   p99 ms   p50 vs raw   p99 vs raw');
  console.log(`raw socket.io delivery (Redis emitter → room)  ${String(raw.samples).padStart(7)} ${String(raw.p50).padStart(8)} ${String(raw.p99).padStart(8)} ${'1'.padStart(12)} ${'1'.padStart(12)}`);
  console.log(`available → console rings (voice.ringing)      ${String(ring.samples).padStart(7)} ${String(ring.p50).padStart(8)} ${String(ring.p99).padStart(8)} ${String(ratio(ring.p50, raw.p50)).padStart(12)} ${String(ratio(ring.p99, raw.p99)).padStart(12)}`);
  console.log(JSON.stringify({
    bench: 'voice', at: new Date().toISOString(), calls: CALLS, counsellors: COUNSELLORS, enqueueSeconds, drainSeconds, answered, completed,
    availableToRing: ring, rawSocketIo: raw, p50RatioToRaw: ratio(ring.p50, raw.p50), p99RatioToRaw: ratio(ring.p99, raw.p99),
  }));
} finally {
  for (const s of sockets) s.close();
  await api.stop();
  await mongoose.disconnect();
  await fakeServer.close();
  redis.disconnect();
  await cleanRedisPrefix(settings);
  await dropDatabase(settings);
}
