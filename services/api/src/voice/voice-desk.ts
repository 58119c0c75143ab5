/**
 * The inbound line's dispatcher: a waiting call rings the longest-idle
 * available counsellor whose console is connected (presence), one console per
 * call and one call per console; a ring that runs out, is declined or loses
 * its console moves to the next counsellor; a call waiting too long overflows.
 * All state is in `voice_calls` and `counsellor_statuses` (conditional
 * updates), so any API process may dispatch and sweep, and a restart loses
 * nothing: the sweep picks up rings and waits that ran out while it was down.
 */
import { Types } from 'mongoose';
import { provinceAudience, userRoom, type TEnv, type TSessionUser, type TVoiceCallView } from '@hotline/core';
import {
  answerVoiceCall, claimCounsellorForRing, counsellorOnCall, decryptField, findCounsellorStatus, findUserById, findVoiceCall, idleCounsellors,
  maskPhone, overflowVoiceCall, releaseCounsellorRing, ringVoiceCall, toSessionUser, transferVoiceCall, unringVoiceCall, voiceCallsInState,
  waitingVoiceCalls, type VoiceCallDoc,
} from '@hotline/db';
import type { PresenceReader, RealtimePublisher } from '@hotline/queue';
import { twilioClientFromEnv } from '@hotline/referrals';
import { transferTwiml } from '@hotline/telephony';
import type { Logger } from 'pino';
import { callerHistory } from '@hotline/referrals';

type RingEnd = 'answered' | 'timeout' | 'caller_hung_up' | 'declined' | 'disconnected' | 'pulled';

export const voiceUrls = (base: string, id: string) => ({
  menu: `${base}/webhooks/twilio/voice/menu?callId=${id}`,
  wait: `${base}/webhooks/twilio/voice/wait?callId=${id}`,
  record: `${base}/webhooks/twilio/voice/voicemail?callId=${id}`,
  connect: `${base}/webhooks/twilio/voice/connect?callId=${id}`,
  status: `${base}/webhooks/twilio/voice/incoming/status`,
});

export const clientIdentity = (userId: string) => `counsellor-${userId}`;

export function toVoiceCallView(c: VoiceCallDoc, fullNumber: boolean, now = new Date()): TVoiceCallView {
  const phone = decryptField(c.phoneSealed);
  return {
    id: c._id.toHexString(), state: c.state, queueProvince: c.queueProvince, ivrChoice: c.ivrChoice, emergency: c.emergency,
    phone: fullNumber ? phone : maskPhone(phone), arrivedAt: c.arrivedAt.toISOString(), enqueuedAt: c.enqueuedAt?.toISOString() ?? null,
    answeredAt: c.answeredAt?.toISOString() ?? null, endedAt: c.endedAt?.toISOString() ?? null, durationSeconds: c.durationSeconds,
    waitedSeconds: c.enqueuedAt ? Math.round(((c.answeredAt ?? c.endedAt ?? now).getTime() - c.enqueuedAt.getTime()) / 1000) : null,
    answeredBy: c.answeredBy?.toHexString() ?? null, overflowedFrom: c.overflowedFrom, callback: c.callback, callbackBy: c.callbackBy?.toHexString() ?? null,
    hasVoicemail: !!c.recordingUrl,
  };
}

export interface VoiceDesk {
  dispatch(province: string): Promise<void>;
  answer(callId: string, user: TSessionUser, via: { client: string } | { number: string }, pull: boolean): Promise<VoiceCallDoc | null>;
  endRing(call: VoiceCallDoc, userId: Types.ObjectId, reason: RingEnd): Promise<void>;
  consoleGone(userId: string): Promise<void>;
  queueChanged(province: string): void;
  sweep(): Promise<void>;
  stop(): void;
}

export function createVoiceDesk(env: TEnv, presence: PresenceReader, realtime: RealtimePublisher, logger: Logger): VoiceDesk {
  const twilio = twilioClientFromEnv(env);
  const running = new Map<string, Promise<void>>();
  const queueChanged = (province: string) => realtime.emit(provinceAudience(province), 'voice.queue_changed', { province });

  async function ring(call: VoiceCallDoc, userId: Types.ObjectId): Promise<boolean> {
    const counsellor = await claimCounsellorForRing(userId, call._id);
    if (!counsellor) return false;
    const deadline = new Date(Date.now() + env.VOICE_RING_SECONDS * 1000);
    const ringing = await ringVoiceCall(call._id, userId, deadline);
    if (!ringing) {
      await releaseCounsellorRing(userId, call._id);
      return false;
    }
    const userDoc = await findUserById(userId);
    const user = userDoc ? toSessionUser(userDoc) : null;
    // The caller's history as this counsellor may see it (their provinces only).
    const history = user ? await callerHistory(ringing.phoneHash, user) : { phoneMasked: null, previousCalls: [], openCases: [] };
    realtime.emit([userRoom(userId.toHexString())], 'voice.ringing', { call: toVoiceCallView(ringing, false), history, ringSeconds: env.VOICE_RING_SECONDS });
    return true;
  }

  /** Matches every ready counsellor with a waiting call in one read of each list; the rings go out side by side. */
  async function dispatchOnce(province: string): Promise<void> {
    // Counsellors first: with nobody free (the usual case while calls queue up) the waiting list is not read.
    const idle = await idleCounsellors(province);
    if (idle.length === 0) return;
    const online = await Promise.all(idle.map((c) => presence.isOnline(c._id.toHexString())));
    const ready = idle.filter((_, i) => online[i]);
    if (ready.length === 0) return;
    const calls = await waitingVoiceCalls(province);
    const pairs: Array<[VoiceCallDoc, Types.ObjectId]> = [];
    const taken = new Set<string>();
    for (const call of calls) {
      if (taken.size === ready.length) break;
      const tried = new Set(call.tried.map((t) => t.toHexString()));
      const next = ready.find((c) => !taken.has(c._id.toHexString()) && !tried.has(c._id.toHexString()));
      if (!next) continue;
      taken.add(next._id.toHexString());
      pairs.push([call, next._id]);
    }
    if (pairs.length === 0) return;
    const rang = await Promise.all(pairs.map(([call, userId]) => ring(call, userId)));
    queueChanged(province);
    // A claim lost to another process leaves someone free: try again.
    if (rang.includes(false)) await dispatchOnce(province);
  }

  /** One dispatch per province at a time in this process; requests arriving meanwhile share one more run after it. */
  const again = new Map<string, Promise<void>>();
  function dispatch(province: string): Promise<void> {
    const queued = again.get(province);
    if (queued) return queued;
    const prev = running.get(province);
    const run = (): Promise<void> => dispatchOnce(province).catch((err: Error) => logger.error({ err: err.message, province }, 'voice dispatch failed'));
    if (!prev) {
      const p = run().finally(() => running.get(province) === p && running.delete(province));
      running.set(province, p);
      return p;
    }
    const next = prev.then(() => {
      again.delete(province);
      const p = run().finally(() => running.get(province) === p && running.delete(province));
      running.set(province, p);
      return p;
    });
    again.set(province, next);
    return next;
  }

  async function endRing(call: VoiceCallDoc, userId: Types.ObjectId, reason: RingEnd) {
    if (reason !== 'answered' && reason !== 'pulled' && reason !== 'caller_hung_up') await unringVoiceCall(call._id, userId);
    await releaseCounsellorRing(userId, call._id, reason === 'disconnected' ? 'offline' : undefined);
    realtime.emit([userRoom(userId.toHexString())], 'voice.ring_ended', { callId: call._id.toHexString(), reason });
    queueChanged(call.queueProvince);
    if (reason !== 'answered') await dispatch(call.queueProvince);
  }

  async function answer(callId: string, user: TSessionUser, via: { client: string } | { number: string }, pull: boolean) {
    const id = new Types.ObjectId(callId);
    const me = new Types.ObjectId(user.id);
    const before = await findVoiceCall(id);
    const answered = await answerVoiceCall(id, me, pull ? 'waiting' : 'ringing', new Date());
    if (!answered) return null;
    await counsellorOnCall(me, id, answered.answeredAt!);
    if (pull && before?.ringingUserId) await endRing(before, before.ringingUserId, 'pulled');
    await twilio.calls(answered.callSid).update({ url: voiceUrls(env.PUBLIC_BASE_URL, callId).connect + `&${'client' in via ? `client=${encodeURIComponent(via.client)}` : `number=${encodeURIComponent(via.number)}`}`, method: 'POST' });
    realtime.emit([userRoom(user.id)], 'voice.ring_ended', { callId, reason: 'answered' });
    queueChanged(answered.queueProvince);
    return answered;
  }

  let stopped = false;
  async function consoleGone(userId: string) {
    if (stopped) return; // the API is closing: its consoles go with it
    if (await presence.isOnline(userId)) return; // another console of the same user is still connected
    const status = await findCounsellorStatus(userId);
    if (!status?.ringingCallId) return;
    const call = await findVoiceCall(status.ringingCallId);
    if (call?.state === 'ringing' && call.ringingUserId?.equals(status._id)) await endRing(call, status._id, 'disconnected');
  }

  async function sweep() {
    const now = Date.now();
    const [ringing, waiting] = await Promise.all([voiceCallsInState('ringing'), voiceCallsInState('waiting')]);
    for (const c of ringing) if (c.ringDeadline && c.ringDeadline.getTime() <= now && c.ringingUserId) await endRing(c, c.ringingUserId, 'timeout');
    const provinces = new Set<string>();
    for (const c of waiting) {
      provinces.add(c.queueProvince);
      if (c.overflowedFrom || !c.overflowAt || c.overflowAt.getTime() > now) continue;
      if (env.VOICE_OVERFLOW_TO === 'national') {
        const moved = await transferVoiceCall(c._id, c.queueProvince, env.VOICE_NATIONAL_NUMBER, new Date());
        if (moved) {
          await twilio.calls(c.callSid).update({ twiml: transferTwiml(env.VOICE_NATIONAL_NUMBER) }).catch((err: Error) => logger.warn({ err: err.message }, 'transfer to the national line failed'));
          queueChanged(c.queueProvince);
        }
      } else if (env.VOICE_OVERFLOW_TO !== c.queueProvince) {
        const moved = await overflowVoiceCall(c._id, c.queueProvince, env.VOICE_OVERFLOW_TO);
        if (moved) {
          queueChanged(c.queueProvince);
          provinces.add(env.VOICE_OVERFLOW_TO);
        }
      }
    }
    for (const p of provinces) await dispatch(p);
  }

  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweep().catch((err: Error) => logger.error({ err: err.message }, 'voice sweep failed')).finally(() => (sweeping = false));
  }, env.VOICE_SWEEP_MS);
  timer.unref();

  return {
    dispatch, answer, endRing, consoleGone, queueChanged, sweep,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}

