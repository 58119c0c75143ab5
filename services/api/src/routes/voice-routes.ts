/**
 * The console's side of the inbound line: a counsellor's status, answering or
 * declining the call ringing their console, the browser phone's token, the
 * callback list, and the supervisor's live queue (with pulling a waiting call).
 * Every call read or change is scoped to the user's provinces and audited.
 */
import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import {
  DomainError, seesProvince, ZCounsellorView, ZSetCounsellorStatus, ZVoiceAnswered, ZVoiceCallView, ZVoiceQueueQuery, ZVoiceQueueView, ZVoiceToken,
  type TSessionUser,
} from '@hotline/core';
import {
  claimCallback, counsellorsOfProvince, countVoiceCallsOfDay, decryptField, findCounsellorStatus, findVoiceCall, markCallbackPlaced, openCallbacks,
  recordAudit, setCounsellorStatus, vietnamDay, waitingVoiceCalls, type CounsellorStatusDoc, type VoiceCallDoc,
} from '@hotline/db';
import type { PresenceReader } from '@hotline/queue';
import { twilioClientFromEnv } from '@hotline/referrals';
import { voiceAccessToken } from '@hotline/telephony';
import { ZIdParams, type RouteRegistry } from '../http/route-registry';
import type { ApiDeps } from '../services/deps';
import { clientIdentity, toVoiceCallView, type VoiceDesk } from '../voice/voice-desk';

const ZAnswerBody = z.object({ via: z.enum(['browser', 'phone']).default('browser'), phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number').optional() })
  .refine((b) => b.via === 'browser' || !!b.phone, { path: ['phone'], message: 'required when answering by phone' });
const ZOk = z.object({ ok: z.boolean() });
const ZMyStatus = ZCounsellorView;
const TOKEN_TTL_SECONDS = 3600;

const queueOf = (user: TSessionUser, fallback: string) => user.provinces[0] ?? fallback;
const counsellorView = (s: CounsellorStatusDoc, online: boolean) => ({
  userId: s._id.toHexString(), name: s.name, status: s.status, since: s.since.toISOString(), ringingCallId: s.ringingCallId?.toHexString() ?? null, online,
});

export function voiceRoutes(registry: RouteRegistry, deps: ApiDeps, desk: VoiceDesk, presence: PresenceReader): Router {
  const router = Router();
  const twilio = twilioClientFromEnv(deps.env);
  const audit = (user: TSessionUser, action: string, id: string, requestId: string) =>
    recordAudit({ actorId: user.id, actorRole: user.role, action, targetType: 'voice_call', targetId: id, requestId, ip: null });
  const scopedCall = async (user: TSessionUser, id: string): Promise<VoiceCallDoc> => {
    const call = await findVoiceCall(id);
    if (!call || !seesProvince(user, call.queueProvince)) throw new DomainError('not_found', 'No such call');
    return call;
  };
  const mine = (c: VoiceCallDoc, user: TSessionUser) => c.answeredBy?.toHexString() === user.id || c.callbackBy?.toHexString() === user.id;

  registry.add(
    router,
    { method: 'get', path: '/api/voice/status', summary: "The signed-in counsellor's phone status", tag: 'voice', access: 'voice.answer', responses: { 200: ZMyStatus } },
    async ({ user }) => {
      const s = (await findCounsellorStatus(user.id)) ?? (await setCounsellorStatus({ id: user.id, name: user.name, provinceCode: queueOf(user, deps.env.VOICE_DEFAULT_QUEUE) }, 'offline', new Date()));
      return { status: 200, body: counsellorView(s, await presence.isOnline(user.id)) };
    },
  );

  registry.add(
    router,
    { method: 'put', path: '/api/voice/status', summary: 'Set one’s status: available, wrap-up, break, offline (on a call comes from answering)', tag: 'voice', access: 'voice.answer', body: ZSetCounsellorStatus, responses: { 200: ZMyStatus } },
    async ({ user, body }) => {
      const current = await findCounsellorStatus(user.id);
      if (current?.status === 'on_call' && current.currentCallId) throw new DomainError('conflict', 'The call in progress must end first');
      if (current?.ringingCallId) throw new DomainError('conflict', 'Answer or decline the ringing call first');
      const s = await setCounsellorStatus({ id: user.id, name: user.name, provinceCode: queueOf(user, deps.env.VOICE_DEFAULT_QUEUE) }, body.status, new Date());
      desk.queueChanged(s.provinceCode);
      if (body.status === 'available') await desk.dispatch(s.provinceCode);
      return { status: 200, body: counsellorView((await findCounsellorStatus(user.id)) ?? s, await presence.isOnline(user.id)) };
    },
  );

  const answerReply = (c: VoiceCallDoc) => ({
    call: toVoiceCallView(c, true),
    prefill: { phone: decryptField(c.phoneSealed), channel: 'phone' as const, startedAt: c.answeredAt!.toISOString() },
  });

  registry.add(
    router,
    { method: 'post', path: '/api/voice/calls/:id/answer', summary: 'Answer the call ringing one’s console: connects it (browser or phone) and returns the call form’s prefill', tag: 'voice', access: 'voice.answer', params: ZIdParams, body: ZAnswerBody, responses: { 200: ZVoiceAnswered } },
    async ({ user, params, body, req }) => {
      await scopedCall(user, params.id);
      const answered = await desk.answer(params.id, user, body.via === 'phone' ? { number: body.phone! } : { client: clientIdentity(user.id) }, false);
      if (!answered) throw new DomainError('conflict', 'This call is no longer ringing your console');
      await audit(user, 'voice.answer', params.id, req.requestId);
      return { status: 200, body: answerReply(answered) };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/voice/calls/:id/decline', summary: 'Decline the ringing call: it rings the next counsellor', tag: 'voice', access: 'voice.answer', params: ZIdParams, responses: { 200: ZOk } },
    async ({ user, params }) => {
      const call = await scopedCall(user, params.id);
      if (call.state !== 'ringing' || call.ringingUserId?.toHexString() !== user.id) throw new DomainError('conflict', 'This call is not ringing your console');
      await desk.endRing(call, new Types.ObjectId(user.id), 'declined');
      return { status: 200, body: { ok: true } };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/voice/calls/:id', summary: 'One inbound call (the number in full for whoever answered it or works its callback)', tag: 'voice', access: 'voice.answer', params: ZIdParams, responses: { 200: ZVoiceCallView } },
    async ({ user, params, req }) => {
      const call = await scopedCall(user, params.id);
      await audit(user, 'voice.read', params.id, req.requestId);
      return { status: 200, body: toVoiceCallView(call, mine(call, user)) };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/voice/calls/:id/pull', summary: 'Supervisor: take a waiting call oneself', tag: 'voice', access: 'voice.supervise', params: ZIdParams, body: ZAnswerBody, responses: { 200: ZVoiceAnswered } },
    async ({ user, params, body, req }) => {
      await scopedCall(user, params.id);
      const answered = await desk.answer(params.id, user, body.via === 'phone' ? { number: body.phone! } : { client: clientIdentity(user.id) }, true);
      if (!answered) throw new DomainError('conflict', 'This call is no longer waiting');
      await audit(user, 'voice.pull', params.id, req.requestId);
      return { status: 200, body: answerReply(answered) };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/voice/queue', summary: 'Supervisor: a province’s live queue, counsellors by status, longest wait, answered and abandoned today', tag: 'voice', access: 'voice.supervise', query: ZVoiceQueueQuery, responses: { 200: ZVoiceQueueView } },
    async ({ user, query }) => {
      if (!seesProvince(user, query.province)) throw new DomainError('forbidden', 'Not your province');
      const now = new Date();
      const [waiting, counsellors, today] = await Promise.all([waitingVoiceCalls(query.province), counsellorsOfProvince(query.province), countVoiceCallsOfDay(query.province, vietnamDay(now))]);
      const online = await Promise.all(counsellors.map((c) => presence.isOnline(c._id.toHexString())));
      const rows = waiting.map((c) => ({ ...toVoiceCallView(c, false, now), waitSeconds: Math.round((now.getTime() - c.enqueuedAt!.getTime()) / 1000) }));
      return {
        status: 200,
        body: {
          province: query.province,
          waiting: rows,
          counsellors: counsellors.map((c, i) => counsellorView(c, online[i]!)),
          longestWaitSeconds: Math.max(0, ...rows.map((r) => r.waitSeconds)),
          answeredToday: today.filter((c) => c.answeredAt).length,
          abandonedToday: today.filter((c) => c.state === 'abandoned').length,
        },
      };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/voice/callbacks', summary: 'Missed and abandoned calls and voicemails to call back (a province)', tag: 'voice', access: 'voice.answer', query: ZVoiceQueueQuery, responses: { 200: z.object({ items: z.array(ZVoiceCallView) }) } },
    async ({ user, query, req }) => {
      if (!seesProvince(user, query.province)) throw new DomainError('forbidden', 'Not your province');
      const rows = await openCallbacks(query.province);
      await audit(user, 'voice.callbacks', query.province, req.requestId);
      return { status: 200, body: { items: rows.map((c) => toVoiceCallView(c, mine(c, user))) } };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/voice/callbacks/:id/claim', summary: 'Claim a callback (one counsellor per caller)', tag: 'voice', access: 'voice.answer', params: ZIdParams, responses: { 200: ZVoiceCallView } },
    async ({ user, params, req }) => {
      await scopedCall(user, params.id);
      const claimed = await claimCallback(new Types.ObjectId(params.id), new Types.ObjectId(user.id));
      if (!claimed) throw new DomainError('conflict', 'Someone else has this callback');
      await audit(user, 'voice.callback.claim', params.id, req.requestId);
      desk.queueChanged(claimed.queueProvince);
      return { status: 200, body: toVoiceCallView(claimed, true) };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/voice/callbacks/:id/call', summary: 'Call the caller back through Twilio (connected to one’s browser phone or phone)', tag: 'voice', access: 'voice.answer', params: ZIdParams, body: ZAnswerBody, responses: { 200: ZVoiceCallView } },
    async ({ user, params, body, req }) => {
      const call = await scopedCall(user, params.id);
      if (call.callback !== 'claimed' || call.callbackBy?.toHexString() !== user.id) throw new DomainError('conflict', 'Claim this callback first');
      const target = body.via === 'phone' ? `number=${encodeURIComponent(body.phone!)}` : `client=${clientIdentity(user.id)}`;
      const placed = await twilio.calls.create({ to: decryptField(call.phoneSealed), from: call.dialled || deps.env.TWILIO_FROM, url: `${deps.env.PUBLIC_BASE_URL}/webhooks/twilio/voice/callback-connect?callId=${params.id}&${target}` });
      const done = await markCallbackPlaced(call._id, new Types.ObjectId(user.id), placed.sid);
      await audit(user, 'voice.callback.call', params.id, req.requestId);
      return { status: 200, body: toVoiceCallView(done ?? call, true) };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/voice/token', summary: 'A Twilio Voice access token for the console’s browser phone', tag: 'voice', access: 'voice.answer', responses: { 200: ZVoiceToken } },
    async ({ user }) => {
      const identity = clientIdentity(user.id);
      const token = voiceAccessToken({
        accountSid: deps.env.TWILIO_ACCOUNT_SID, apiKeySid: deps.env.TWILIO_API_KEY_SID ?? deps.env.TWILIO_ACCOUNT_SID, apiKeySecret: deps.env.TWILIO_API_KEY_SECRET ?? deps.env.TWILIO_AUTH_TOKEN,
        identity, ttlSeconds: TOKEN_TTL_SECONDS,
      });
      return { status: 200, body: { token, identity, ttlSeconds: TOKEN_TTL_SECONDS } };
    },
  );
  return router;
}
