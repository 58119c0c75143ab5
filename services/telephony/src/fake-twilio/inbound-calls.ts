/**
 * The fake caller: a call that comes *in* to our number. It fetches the
 * number's voice URL, hears each <Say>, stops at a <Gather> until the test
 * presses keys or lets it time out, holds at a <Pause>/<Redirect> loop until
 * the test lets it wait, is redirected by a REST update of the live call (the
 * API connecting it to a counsellor) and follows a <Dial> to a client or
 * number, records a voicemail at <Record>, and hangs up (signed status
 * callback with the duration).
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { isE164 } from '../phone-number';
import { API_VERSION, newSid, type FakeCall } from './fake-records';
import type { FakeTwilioState } from './fake-state';
import { parseTwiml, type TwimlElement } from './twiml-reader';

interface LiveCall {
  call: FakeCall;
  said: string[];
  /** A <Gather> waiting for keys: where they go, and the verbs played when it times out. */
  gather: { action: string; rest: TwimlElement[]; base: string } | null;
  /** The <Redirect> the caller follows after holding. */
  redirect: string | null;
  /** Where a <Record> posts the recording. */
  record: string | null;
  /** Who the caller is connected to by <Dial>: `client:<identity>` or a number. */
  dialled: string | null;
  ended: boolean;
}

const lives = new WeakMap<FakeTwilioState, Map<string, LiveCall>>();
const liveCalls = (state: FakeTwilioState) => {
  let m = lives.get(state);
  if (!m) lives.set(state, (m = new Map()));
  return m;
};

const fieldsOf = (call: FakeCall, status: string): Record<string, string> => ({
  AccountSid: call.accountSid, ApiVersion: API_VERSION, CallSid: call.sid, CallStatus: status, Direction: 'inbound', From: call.from, To: call.to,
});

async function fetchTwiml(state: FakeTwilioState, live: LiveCall, url: string, extra: Record<string, string> = {}) {
  const answer = await state.delivery.deliver('call-twiml', url, { ...fieldsOf(live.call, live.call.status === 'ringing' ? 'ringing' : 'in-progress'), ...extra });
  if (answer.status < 200 || answer.status >= 300) throw new Error(`TwiML fetch answered ${answer.status}`);
  run(live, parseTwiml(answer.body).children, url);
}

/** Plays verbs until one makes the caller wait (Gather, Redirect, Dial, Record) or hangs up. */
function run(live: LiveCall, verbs: TwimlElement[], base: string) {
  live.gather = null;
  live.redirect = null;
  live.record = null;
  for (let i = 0; i < verbs.length; i++) {
    const verb = verbs[i]!;
    if (verb.name === 'Say') live.said.push(verb.text.trim());
    else if (verb.name === 'Gather') {
      for (const inner of verb.children) if (inner.name === 'Say') live.said.push(inner.text.trim());
      live.gather = { action: new URL(verb.attributes.action || base, base).toString(), rest: verbs.slice(i + 1), base };
      return;
    } else if (verb.name === 'Redirect') {
      live.redirect = new URL(verb.text.trim(), base).toString();
      return;
    } else if (verb.name === 'Record') {
      live.record = new URL(verb.attributes.action || base, base).toString();
      return;
    } else if (verb.name === 'Dial') {
      const target = verb.children[0];
      live.dialled = target ? (target.name === 'Client' ? `client:${(target.children.find((c) => c.name === 'Identity')?.text ?? target.text).trim()}` : target.text.trim()) : verb.text.trim();
      return;
    } else if (verb.name === 'Hangup' || verb.name === 'Reject') {
      live.ended = true;
      return;
    }
  }
}

const view = (live: LiveCall) => ({
  sid: live.call.sid, status: live.call.status, said: live.said, waitingForKeys: !!live.gather, holding: !!live.redirect, recording: !!live.record, dialled: live.dialled, ended: live.ended,
});

async function hangUp(state: FakeTwilioState, live: LiveCall) {
  if (live.call.status === 'completed') return null;
  const ended = new Date();
  live.call.status = 'completed';
  live.call.endTime = ended;
  live.call.dateUpdated = ended;
  live.call.duration = Math.max(1, Math.round((ended.getTime() - (live.call.startTime ?? ended).getTime()) / 1000));
  live.ended = true;
  if (!live.call.statusCallback) return null;
  const answer = await state.delivery.deliver('call-status', live.call.statusCallback, { ...fieldsOf(live.call, 'completed'), CallDuration: String(live.call.duration) });
  return answer.status;
}

/** `POST /Calls/{sid}.json` with `Url`: the API moves a live call on (connecting it to a counsellor). */
export async function redirectLiveCall(state: FakeTwilioState, sid: string, url: string): Promise<FakeCall | null> {
  const live = liveCalls(state).get(sid);
  if (!live) return null;
  live.call.url = url;
  await fetchTwiml(state, live, url);
  return live.call;
}

const ZInbound = z.object({ from: z.string().refine(isE164, 'must be E.164'), to: z.string().refine(isE164, 'must be E.164'), url: z.url(), statusCallback: z.url().optional() });
const ZPress = z.object({ digits: z.string().regex(/^[0-9*#]{1,10}$/) });
const ZRecord = z.object({ seconds: z.number().int().min(1).max(600).default(12) });

export function inboundCallRoutes(state: FakeTwilioState): Router {
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  const find = (sid: string) => liveCalls(state).get(sid);

  router.post('/inbound-calls', async (req, res) => {
    const input = ZInbound.parse(req.body ?? {});
    const now = new Date();
    const call: FakeCall = {
      sid: newSid('CA'), accountSid: state.accountSid, to: input.to, from: input.from, url: input.url, method: 'POST', status: 'ringing',
      statusCallback: input.statusCallback ?? null, statusCallbackMethod: 'POST', statusCallbackEvents: ['completed'],
      dateCreated: now, dateUpdated: now, startTime: now, endTime: null, duration: null, digitsPressed: [],
    };
    state.calls.set(call.sid, call);
    const live: LiveCall = { call, said: [], gather: null, redirect: null, record: null, dialled: null, ended: false };
    liveCalls(state).set(call.sid, live);
    await fetchTwiml(state, live, input.url);
    call.status = 'in-progress';
    res.json(view(live));
  });

  router.post('/inbound-calls/:sid/press', async (req, res) => {
    const live = find(req.params.sid);
    if (!live) return res.status(404).json({ error: { code: 'not_found' } });
    const { digits } = ZPress.parse(req.body ?? {});
    if (!live.gather) return res.status(409).json({ error: { code: 'conflict', message: 'the call is not waiting for keys' } });
    live.call.digitsPressed.push(...digits);
    await fetchTwiml(state, live, live.gather.action, { Digits: digits });
    res.json(view(live));
  });

  /** The caller waits: a <Gather> times out (the verbs after it play), a hold loop comes round once. */
  router.post('/inbound-calls/:sid/wait', async (req, res) => {
    const live = find(req.params.sid);
    if (!live) return res.status(404).json({ error: { code: 'not_found' } });
    if (live.gather) run(live, live.gather.rest, live.gather.base);
    if (live.redirect && !live.ended) await fetchTwiml(state, live, live.redirect);
    res.json(view(live));
  });

  router.post('/inbound-calls/:sid/record', async (req, res) => {
    const live = find(req.params.sid);
    if (!live?.record) return res.status(409).json({ error: { code: 'conflict', message: 'the call is not recording' } });
    const { seconds } = ZRecord.parse(req.body ?? {});
    const recordingSid = `RE${newSid('CA').slice(2)}`;
    await fetchTwiml(state, live, live.record, { RecordingSid: recordingSid, RecordingUrl: `https://api.twilio.com/${API_VERSION}/Accounts/${state.accountSid}/Recordings/${recordingSid}`, RecordingDuration: String(seconds) });
    res.json(view(live));
  });

  router.post('/inbound-calls/:sid/hangup', async (req, res) => {
    const live = find(req.params.sid);
    if (!live) return res.status(404).json({ error: { code: 'not_found' } });
    const statusCallback = await hangUp(state, live);
    res.json({ ...view(live), duration: live.call.duration, statusCallback });
  });

  router.get('/inbound-calls/:sid', (req, res) => {
    const live = find(req.params.sid);
    if (!live) return res.status(404).json({ error: { code: 'not_found' } });
    res.json(view(live));
  });
  return router;
}
