/**
 * The inbound line end to end: the fake Twilio places calls to our signed
 * webhooks (through the same TwiML a real caller would hear), presses keys,
 * waits and hangs up; the API rings counsellors' real socket.io consoles and
 * connects the call through the real Twilio SDK (a REST update of the live call).
 */
import { expect } from 'chai';
import { ConsoleSocket, waitFor, type HttpClient, type TestStack } from '@hotline/testing';
import { apiStack } from './stack';

const HN_LINE = '+842471001111';
let n = 0;
const callerNumber = () => `+8491${String(2_000_000 + Math.floor(Math.random() * 7_000_000) + n++).padStart(7, '0')}`;

describe('inbound voice: IVR, queue, ringing consoles, callbacks', function () {
  let stack: TestStack;
  let counsellor: HttpClient;
  let supervisor: HttpClient;
  let hcm: HttpClient;
  const sockets: ConsoleSocket[] = [];
  const live: string[] = [];

  const fake = async (path: string, body?: unknown) => {
    const res = await fetch(stack.twilioUrl + path, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json()) as any;
    expect(res.status, JSON.stringify(json)).to.equal(200);
    return json;
  };
  const dial = async (from = callerNumber(), to = HN_LINE) => {
    const call = await fake('/_fake/inbound-calls', { from, to, url: `${stack.baseUrl}/webhooks/twilio/voice/incoming`, statusCallback: `${stack.baseUrl}/webhooks/twilio/voice/incoming/status` });
    live.push(call.sid);
    return { ...call, from } as { sid: string; said: string[]; waitingForKeys: boolean; from: string };
  };
  const press = (sid: string, digits: string) => fake(`/_fake/inbound-calls/${sid}/press`, { digits });
  const hangUp = (sid: string) => fake(`/_fake/inbound-calls/${sid}/hangup`, {});
  const setStatus = async (client: HttpClient, status: string) => {
    const r = await client.put('/api/voice/status', { status });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body;
  };
  const consoleOf = async (client: HttpClient) => {
    const s = await ConsoleSocket.connect(stack.baseUrl, client);
    sockets.push(s);
    return s;
  };
  const queue = async (province = '01') => (await supervisor.get(`/api/voice/queue?province=${province}`)).body;
  const idOf = (userClient: HttpClient) => userClient.get('/api/voice/status').then((r) => r.body.userId as string);

  before(async () => {
    stack = await apiStack();
    counsellor = await stack.login('counsellor.hn@demo.vn');
    supervisor = await stack.login('supervisor.hn@demo.vn');
    hcm = await stack.login('counsellor.hcm@demo.vn');
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    for (const sid of live.splice(0)) await hangUp(sid);
    for (const c of [counsellor, supervisor, hcm]) {
      await waitFor('no ringing console', async () => ((await c.get('/api/voice/status')).body.ringingCallId === null) || null);
      await c.put('/api/voice/status', { status: 'offline' });
    }
  });

  it('a caller presses 1, waits, rings an available counsellor’s console (masked number, IVR choice, history), is answered and the call has its number and duration', async () => {
    const socket = await consoleOf(counsellor);
    await setStatus(counsellor, 'available');
    const call = await dial();
    expect(call.said.join(' ')).to.contain('Tổng đài quốc gia bảo vệ trẻ em 111');
    expect(call.waitingForKeys).to.equal(true);
    const held = await press(call.sid, '1');
    expect(held.said.at(-1)).to.contain('vị trí số 1');

    const ring = await socket.waitFor('voice.ringing');
    expect(ring.call).to.include({ ivrChoice: 'danger', emergency: true, state: 'ringing', queueProvince: '01' });
    expect(ring.call.phone).not.to.equal(call.from);
    expect(ring.call.phone.slice(-2)).to.equal(call.from.slice(-2));
    expect(ring.history).to.have.keys(['phoneMasked', 'previousCalls', 'openCases']);

    const answered = await counsellor.post(`/api/voice/calls/${ring.call.id}/answer`, { via: 'browser' });
    expect(answered.status, JSON.stringify(answered.body)).to.equal(200);
    expect(answered.body.prefill).to.include({ phone: call.from, channel: 'phone' });
    const me = await idOf(counsellor);
    expect((await fake(`/_fake/inbound-calls/${call.sid}`)).dialled, 'the caller is dialled through to the counsellor’s browser').to.equal(`client:counsellor-${me}`);
    expect((await counsellor.get('/api/voice/status')).body.status).to.equal('on_call');

    const ended = await hangUp(call.sid);
    expect(ended.statusCallback).to.equal(204);
    const logged = await counsellor.get(`/api/voice/calls/${ring.call.id}`);
    expect(logged.body).to.include({ state: 'completed', phone: call.from, answeredBy: me });
    expect(logged.body.durationSeconds).to.be.a('number').and.to.be.at.least(1);
    expect((await counsellor.get('/api/voice/status')).body.status).to.equal('wrap_up');
    expect((await queue()).answeredToday).to.be.at.least(1);
  });

  it('no available counsellor: the call stays queued (supervisor sees it); hanging up while waiting puts it on the callback list, claimed and called back through Twilio', async () => {
    const call = await dial();
    await press(call.sid, '2');
    const held = await fake(`/_fake/inbound-calls/${call.sid}/wait`, {});
    expect(held.holding).to.equal(true);
    const q = await queue();
    const waiting = q.waiting.find((w: any) => w.phone.slice(-2) === call.from.slice(-2) && w.ivrChoice === 'counselling');
    expect(waiting, JSON.stringify(q)).to.exist;
    expect(waiting.phone).not.to.equal(call.from);
    expect(q.longestWaitSeconds).to.be.at.least(0);

    await hangUp(call.sid);
    const list = (await counsellor.get('/api/voice/callbacks?province=01')).body.items;
    const item = list.find((c: any) => c.id === waiting.id);
    expect(item).to.include({ state: 'abandoned', callback: 'open' });
    expect(item.waitedSeconds).to.be.a('number');
    expect((await queue()).abandonedToday).to.be.at.least(1);

    const claimed = await counsellor.post(`/api/voice/callbacks/${item.id}/claim`, {});
    expect(claimed.status).to.equal(200);
    expect(claimed.body.phone).to.equal(call.from);
    expect((await supervisor.post(`/api/voice/callbacks/${item.id}/claim`, {})).status, 'one counsellor per callback').to.equal(409);
    const placed = await counsellor.post(`/api/voice/callbacks/${item.id}/call`, { via: 'browser' });
    expect(placed.status, JSON.stringify(placed.body)).to.equal(200);
    expect(placed.body.callback).to.equal('done');
    const calls = (await fake('/_fake/calls')).calls.filter((c: any) => c.to === call.from && c.url.includes('callback-connect'));
    expect(calls, 'one outbound call back to the caller').to.have.length(1);
  });

  it('an emergency caller jumps the queue', async () => {
    const ids = async () => new Set<string>((await queue()).waiting.map((w: any) => w.id));
    const before = await ids();
    const first = await dial();
    await press(first.sid, '2');
    const firstId = [...(await ids())].find((id) => !before.has(id));
    const urgent = await dial();
    await press(urgent.sid, '1');
    const urgentId = [...(await ids())].find((id) => !before.has(id) && id !== firstId);
    const order = (await queue()).waiting.map((w: any) => w.id).filter((id: string) => id === firstId || id === urgentId);
    expect(order, 'the emergency call, though it came second, is first').to.deep.equal([urgentId, firstId]);
    const socket = await consoleOf(counsellor);
    await setStatus(counsellor, 'available');
    const ring = await socket.waitFor('voice.ringing');
    expect(ring.call.id).to.equal(urgentId);
    expect(ring.call).to.include({ emergency: true, ivrChoice: 'danger' });
  });

  it('declined, or the ringing console disconnects: the call rings the next counsellor (longest idle first)', async () => {
    const s1 = await consoleOf(counsellor);
    const s2 = await consoleOf(supervisor);
    await setStatus(counsellor, 'available');
    await setStatus(supervisor, 'available');
    const call = await dial();
    await press(call.sid, '2');
    const ring1 = await s1.waitFor('voice.ringing');
    expect(s2.received('voice.ringing', (p) => p.call.id === ring1.call.id), 'one console rings at a time').to.have.length(0);
    s1.close();
    const ring2 = await s2.waitFor('voice.ringing');
    expect(ring2.call.id).to.equal(ring1.call.id);
    expect((await counsellor.get('/api/voice/status')).body.status, 'a console gone while ringing is offline').to.equal('offline');

    const declined = await supervisor.post(`/api/voice/calls/${ring2.call.id}/decline`, {});
    expect(declined.status).to.equal(200);
    await s2.waitFor('voice.ring_ended', (p) => p.reason === 'declined');
    const q = await queue();
    expect(q.waiting.map((w: any) => w.id), 'nobody else is available: it waits').to.include(ring1.call.id);
  });

  it('a ring nobody answers moves on after VOICE_RING_SECONDS', async () => {
    const ringSeconds = stack.env.VOICE_RING_SECONDS;
    stack.env.VOICE_RING_SECONDS = 1;
    try {
      const s1 = await consoleOf(counsellor);
      const s2 = await consoleOf(supervisor);
      await setStatus(counsellor, 'available');
      await setStatus(supervisor, 'available');
      const call = await dial();
      await press(call.sid, '2');
      const ring1 = await s1.waitFor('voice.ringing');
      await s1.waitFor('voice.ring_ended', (p) => p.reason === 'timeout', 15_000);
      const ring2 = await s2.waitFor('voice.ringing', () => true, 15_000);
      expect(ring2.call.id).to.equal(ring1.call.id);
    } finally {
      stack.env.VOICE_RING_SECONDS = ringSeconds;
    }
  });

  it('a call waiting past VOICE_OVERFLOW_SECONDS overflows to the configured queue and rings there', async () => {
    const saved = { seconds: stack.env.VOICE_OVERFLOW_SECONDS, to: stack.env.VOICE_OVERFLOW_TO };
    stack.env.VOICE_OVERFLOW_SECONDS = 1;
    stack.env.VOICE_OVERFLOW_TO = '79';
    try {
      const socket = await consoleOf(hcm);
      await setStatus(hcm, 'available');
      const call = await dial();
      await press(call.sid, '2');
      const ring = await socket.waitFor('voice.ringing', () => true, 15_000);
      expect(ring.call).to.include({ queueProvince: '79', overflowedFrom: '01' });
      expect(ring.call.phone.slice(-2)).to.equal(call.from.slice(-2));
    } finally {
      stack.env.VOICE_OVERFLOW_SECONDS = saved.seconds;
      stack.env.VOICE_OVERFLOW_TO = saved.to;
    }
  });

  it('out of staffed hours: the emergency numbers and a voicemail that becomes a callback', async () => {
    const saved = stack.env.VOICE_STAFFED_HOURS;
    const vnHour = (new Date().getUTCHours() + 7) % 24;
    const h = (k: number) => String((vnHour + k) % 24).padStart(2, '0');
    stack.env.VOICE_STAFFED_HOURS = `${h(2)}:00-${h(3)}:00`;
    try {
      const call = await dial();
      expect(call.said.join(' ')).to.contain('113');
      const after = await fake(`/_fake/inbound-calls/${call.sid}/record`, { seconds: 20 });
      expect(after.said.at(-1)).to.contain('sẽ gọi lại');
      const list = (await counsellor.get('/api/voice/callbacks?province=01')).body.items;
      expect(list.find((c: any) => c.phone.slice(-2) === call.from.slice(-2) && c.hasVoicemail)).to.include({ state: 'voicemail', callback: 'open' });
    } finally {
      stack.env.VOICE_STAFFED_HOURS = saved;
    }
  });

  it('webhooks are signature-checked (403, nothing recorded); a repeated incoming webhook does not make a second call', async () => {
    const res = await fetch(`${stack.baseUrl}/webhooks/twilio/voice/incoming`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'CallSid=CA00000000000000000000000000000000&From=%2B84912345678&To=%2B842471001111' });
    expect(res.status).to.equal(403);
    const call = await dial();
    await press(call.sid, '2');
    const before = (await queue()).waiting.length;
    const replay = await fetch(`${stack.twilioUrl}/_fake/replay-last`, { method: 'POST' });
    expect(replay.status).to.equal(200);
    expect((await queue()).waiting.length).to.equal(before);
    expect((await counsellor.get('/api/voice/queue?province=01')).status, 'counsellors do not see the supervisor queue').to.equal(403);
  });
});
