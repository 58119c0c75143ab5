/**
 * Twilio Voice webhooks of the inbound line (all signed, all safe to repeat):
 * the call arrives (greeting and menu, or out of hours a voicemail), the key
 * pressed puts it in its province's queue, the hold loop tells its position,
 * the connect document dials the counsellor, and the status callback ends it
 * (duration; a caller who hung up while waiting goes to the callback list).
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { IVR_KEYS, isStaffed, parseVoiceQueues } from '@hotline/core';
import {
  arriveVoiceCall, counsellorWrapUp, endVoiceCall, enqueueVoiceCall, findVoiceCall, queuePosition, recordVoicemail,
} from '@hotline/db';
import {
  closedTwiml, connectTwiml, holdTwiml, inboundMenuTwiml, INBOUND_TEXT, isE164, sayAndHangupTwiml, transferTwiml, twilioWebhookParsers,
} from '@hotline/telephony';
import type { ApiDeps } from '../services/deps';
import { voiceUrls, type VoiceDesk } from '../voice/voice-desk';

const twiml = (res: Response, xml: string) => res.type('text/xml').send(xml);
const field = (req: Request, name: string) => (typeof req.body?.[name] === 'string' ? (req.body[name]) : '');
const queryString = (req: Request, name: string) => (typeof req.query[name] === 'string' ? (req.query[name]) : '');
const callIdOf = (req: Request) => (/^[0-9a-f]{24}$/.test(queryString(req, 'callId')) ? queryString(req, 'callId') : null);
const TERMINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export function voiceWebhookRoutes(deps: ApiDeps, desk: VoiceDesk): Router {
  const router = Router();
  const signed: RequestHandler = (req, res, next) => {
    const [parse, check] = twilioWebhookParsers({ authToken: deps.env.TWILIO_AUTH_TOKEN, publicBaseUrl: deps.env.PUBLIC_BASE_URL });
    parse!(req, res, (err?: unknown) => (err ? next(err) : check!(req, res, next)));
  };
  const queues = parseVoiceQueues(deps.env.VOICE_QUEUES);
  const urls = (id: string) => voiceUrls(deps.env.PUBLIC_BASE_URL, id);
  const position = async (id: string) => {
    const call = await findVoiceCall(id);
    return call ? queuePosition(call) : 1;
  };

  router.post('/webhooks/twilio/voice/incoming', signed, async (req, res) => {
    const callSid = field(req, 'CallSid');
    const from = field(req, 'From');
    if (!/^CA[0-9a-f]{32}$/i.test(callSid) || !isE164(from)) return twiml(res, sayAndHangupTwiml(INBOUND_TEXT.greeting));
    const dialled = field(req, 'To');
    const now = new Date();
    const staffed = isStaffed(deps.env.VOICE_STAFFED_HOURS, now);
    const call = await arriveVoiceCall({ callSid, from, dialled, queueProvince: queues.get(dialled) ?? deps.env.VOICE_DEFAULT_QUEUE, state: staffed ? 'menu' : 'voicemail', now });
    const id = call._id.toHexString();
    if (call.state === 'voicemail') return twiml(res, closedTwiml(urls(id).record));
    if (call.state === 'menu') return twiml(res, inboundMenuTwiml(urls(id).menu));
    // A repeated webhook for a call already queued: keep it on hold.
    twiml(res, holdTwiml(await position(id), urls(id).wait));
  });

  router.post('/webhooks/twilio/voice/menu', signed, async (req, res) => {
    const id = callIdOf(req);
    const call = id ? await findVoiceCall(id) : null;
    if (!id || !call || call.callSid !== field(req, 'CallSid')) return twiml(res, sayAndHangupTwiml(INBOUND_TEXT.greeting));
    const choice = IVR_KEYS[field(req, 'Digits')] ?? 'counselling';
    const now = new Date();
    const queued = await enqueueVoiceCall(call._id, choice, now, new Date(now.getTime() + deps.env.VOICE_OVERFLOW_SECONDS * 1000));
    if (queued) {
      desk.queueChanged(queued.queueProvince);
      await desk.dispatch(queued.queueProvince);
    }
    twiml(res, holdTwiml(queued ? await queuePosition(queued) : await position(id), urls(id).wait));
  });

  router.post('/webhooks/twilio/voice/wait', signed, async (req, res) => {
    const id = callIdOf(req);
    const call = id ? await findVoiceCall(id) : null;
    if (!id || !call || call.callSid !== field(req, 'CallSid')) return twiml(res, sayAndHangupTwiml(INBOUND_TEXT.greeting));
    if (call.state === 'waiting' || call.state === 'ringing') return twiml(res, holdTwiml(await position(id), urls(id).wait));
    if (call.transferredTo) return twiml(res, transferTwiml(call.transferredTo));
    if (call.state === 'answered') return twiml(res, holdTwiml(1, urls(id).wait)); // the connect redirect is on its way
    twiml(res, sayAndHangupTwiml(INBOUND_TEXT.voicemailThanks));
  });

  router.post('/webhooks/twilio/voice/voicemail', signed, async (req, res) => {
    const id = callIdOf(req);
    const call = id ? await findVoiceCall(id) : null;
    const recordingUrl = field(req, 'RecordingUrl');
    if (!id || !call || call.callSid !== field(req, 'CallSid') || !/^https:\/\//.test(recordingUrl)) return twiml(res, sayAndHangupTwiml(INBOUND_TEXT.voicemailThanks));
    if (await recordVoicemail(call._id, recordingUrl)) desk.queueChanged(call.queueProvince);
    twiml(res, sayAndHangupTwiml(INBOUND_TEXT.voicemailThanks));
  });

  router.post('/webhooks/twilio/voice/connect', signed, async (req, res) => {
    const id = callIdOf(req);
    const call = id ? await findVoiceCall(id) : null;
    if (!call || call.state !== 'answered' || !call.answeredBy) return twiml(res, sayAndHangupTwiml(INBOUND_TEXT.voicemailThanks));
    const client = queryString(req, 'client');
    const number = queryString(req, 'number');
    const target = isE164(number) ? { number } : { client: /^[A-Za-z0-9_-]{1,80}$/.test(client) ? client : `counsellor-${call.answeredBy.toHexString()}` };
    twiml(res, connectTwiml(target, call.dialled || undefined));
  });

  // A callback call the caller picked up: connect them to the counsellor who placed it.
  router.post('/webhooks/twilio/voice/callback-connect', signed, async (req, res) => {
    const id = callIdOf(req);
    const call = id ? await findVoiceCall(id) : null;
    if (!call || call.callback !== 'done' || !call.callbackBy || call.callbackCallSid !== field(req, 'CallSid')) return twiml(res, sayAndHangupTwiml(INBOUND_TEXT.voicemailThanks));
    const number = queryString(req, 'number');
    twiml(res, connectTwiml(isE164(number) ? { number } : { client: `counsellor-${call.callbackBy.toHexString()}` }));
  });

  router.post('/webhooks/twilio/voice/incoming/status', signed, async (req, res) => {
    const callSid = field(req, 'CallSid');
    if (!TERMINAL.has(field(req, 'CallStatus')) || !callSid) return res.status(204).end();
    const duration = Number.parseInt(field(req, 'CallDuration'), 10);
    const ended = await endVoiceCall(callSid, Number.isFinite(duration) ? duration : null, new Date());
    if (ended) {
      const { before, after } = ended;
      if (before.state === 'ringing' && before.ringingUserId) await desk.endRing(before, before.ringingUserId, 'caller_hung_up');
      if (before.state === 'answered' && before.answeredBy) await counsellorWrapUp(before.answeredBy, before._id, after.endedAt!);
      desk.queueChanged(after.queueProvince);
    }
    res.status(204).end();
  });
  return router;
}
