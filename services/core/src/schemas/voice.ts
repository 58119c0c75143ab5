/**
 * Inbound voice: the IVR choice, a call's states from arrival to its end, the
 * counsellor's status, the ring a console gets, the supervisor's live queue
 * and the callback list. One source of types for the API, the console and tests.
 */
import { z } from 'zod';
import { ZObjectId } from './common';
import { ZCallerHistory } from './call';

export const IVR_CHOICES = ['danger', 'counselling', 'information'] as const;
export const ZIvrChoice = z.enum(IVR_CHOICES);
export type TIvrChoice = z.infer<typeof ZIvrChoice>;
/** Keypad → choice; no input is counselling. */
export const IVR_KEYS: Readonly<Record<string, TIvrChoice>> = { '1': 'danger', '2': 'counselling', '3': 'information' };

export const VOICE_CALL_STATES = ['menu', 'waiting', 'ringing', 'answered', 'completed', 'abandoned', 'voicemail'] as const;
export const ZVoiceCallState = z.enum(VOICE_CALL_STATES);
export type TVoiceCallState = z.infer<typeof ZVoiceCallState>;
/** States in which the caller is still on the line and not yet with a counsellor. */
export const QUEUED_STATES: ReadonlySet<TVoiceCallState> = new Set(['waiting', 'ringing']);

export const COUNSELLOR_STATUSES = ['available', 'on_call', 'wrap_up', 'break', 'offline'] as const;
export const ZCounsellorStatus = z.enum(COUNSELLOR_STATUSES);
export type TCounsellorStatus = z.infer<typeof ZCounsellorStatus>;
/** What a counsellor may set by hand (on a call is set by answering). */
export const ZSetCounsellorStatus = z.object({ status: z.enum(['available', 'wrap_up', 'break', 'offline']) });

export const CALLBACK_STATES = ['open', 'claimed', 'done'] as const;
export const ZCallbackState = z.enum(CALLBACK_STATES);

export const ZVoiceCallView = z.object({
  id: ZObjectId,
  state: ZVoiceCallState,
  queueProvince: z.string(),
  ivrChoice: ZIvrChoice.nullable(),
  emergency: z.boolean(),
  /** The caller's number, masked unless the viewer answered the call or works its callback. */
  phone: z.string(),
  arrivedAt: z.iso.datetime(),
  enqueuedAt: z.iso.datetime().nullable(),
  answeredAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  durationSeconds: z.number().int().nullable(),
  waitedSeconds: z.number().int().nullable(),
  answeredBy: ZObjectId.nullable(),
  overflowedFrom: z.string().nullable(),
  callback: ZCallbackState.nullable(),
  callbackBy: ZObjectId.nullable(),
  hasVoicemail: z.boolean(),
});
export type TVoiceCallView = z.infer<typeof ZVoiceCallView>;

/** To one counsellor's console: a waiting call rings it. */
export const ZVoiceRingEvent = z.object({
  call: ZVoiceCallView,
  history: ZCallerHistory,
  ringSeconds: z.number().int(),
});
export const ZVoiceRingEndedEvent = z.object({ callId: ZObjectId, reason: z.enum(['answered', 'timeout', 'caller_hung_up', 'declined', 'disconnected', 'pulled']) });

/** Answering: the call form opens pre-filled with these. */
export const ZVoiceAnswered = z.object({
  call: ZVoiceCallView,
  prefill: z.object({ phone: z.string(), channel: z.literal('phone'), startedAt: z.iso.datetime() }),
});

export const ZCounsellorView = z.object({
  userId: ZObjectId,
  name: z.string(),
  status: ZCounsellorStatus,
  since: z.iso.datetime(),
  ringingCallId: ZObjectId.nullable(),
  online: z.boolean(),
});

export const ZVoiceQueueQuery = z.object({ province: z.string().regex(/^\d{2}$/, 'a two-digit province code') });
export const ZVoiceQueueView = z.object({
  province: z.string(),
  waiting: z.array(ZVoiceCallView.extend({ waitSeconds: z.number().int() })),
  counsellors: z.array(ZCounsellorView),
  longestWaitSeconds: z.number().int(),
  answeredToday: z.number().int(),
  abandonedToday: z.number().int(),
});
export type TVoiceQueueView = z.infer<typeof ZVoiceQueueView>;

export const ZVoiceToken = z.object({ token: z.string(), identity: z.string(), ttlSeconds: z.number().int() });

/**
 * Which queue a dialled number feeds: `VOICE_QUEUES`, e.g. `+842471001111=01,+842871001111=79`.
 * A number not listed goes to `VOICE_DEFAULT_QUEUE`.
 */
export function parseVoiceQueues(spec: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [number, province] = entry.split('=');
    if (!number || !province || !/^\+\d{6,15}$/.test(number) || !/^\d{2}$/.test(province)) throw new Error(`VOICE_QUEUES entry "${entry}" is not +<number>=<province>`);
    out.set(number, province);
  }
  return out;
}

/** Staffed hours `HH:MM-HH:MM` in Vietnam time (UTC+7); `00:00-24:00` is around the clock. */
export function isStaffed(spec: string, at: Date): boolean {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(spec);
  if (!m) throw new Error('VOICE_STAFFED_HOURS is not HH:MM-HH:MM');
  const minutes = (at.getUTCHours() * 60 + at.getUTCMinutes() + 7 * 60) % (24 * 60);
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  return from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}
