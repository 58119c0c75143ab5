/**
 * Referral notices along the partner's channel list: console, SMS, a voice
 * call with a keypad answer. The first notice goes through every channel that
 * reaches the partner now: the console, and SMS at once when the partner's
 * console is not connected (presence) or the case is an emergency or high risk.
 * Each send is a message document keyed by (referral, channel, step), so a
 * retried job never sends twice; when a notice has waited its offer window
 * unanswered, the next channel takes over (one already used by the first notice
 * is passed over), and after the last one the offer expires and the case goes
 * to the next partner.
 */
import { OFFER_WINDOW_MINUTES, referralSmsText, type TNotifyChannel } from '@hotline/core';
import {
  advanceReferralChannel, claimMessage, messageWentOut, communeNames, expireReferral, findCaseById, findPartnerById, findReferralById, markMessageFailed,
  markMessageSent, messageKey, SYSTEM_ACTOR, toReferralView, type CaseDoc, type PartnerDoc, type ReferralDoc,
} from '@hotline/db';
import { JOBS } from '@hotline/queue';
import { PermanentSendError, ProviderRateLimitedError } from '@hotline/telephony';
import type { ReferralDeps } from './referral-deps';
import { publishReferralUpdated } from './referral-events';
import { rerouteCase } from './route-case';

export const offerWindowMs = (deps: Pick<ReferralDeps, 'env'>, kase: Pick<CaseDoc, 'riskLevel'>) =>
  deps.env.OFFER_WINDOW_SECONDS ? deps.env.OFFER_WINDOW_SECONDS * 1000 : OFFER_WINDOW_MINUTES[kase.riskLevel] * 60_000;

export const webhookUrls = (base: string, referralId: string) => ({
  voiceOffer: `${base}/webhooks/twilio/voice/offer?referralId=${referralId}`,
  voiceStatus: `${base}/webhooks/twilio/voice/status?referralId=${referralId}`,
  smsStatus: `${base}/webhooks/twilio/status`,
});

function consoleNotice(deps: ReferralDeps, r: ReferralDoc, kase: CaseDoc, partner: PartnerDoc) {
  if (!partner.userId) return false;
  const offer = toReferralView(r, kase, partner.name);
  deps.realtime.emit([`user:${partner.userId.toHexString()}`, `partner:${partner._id.toHexString()}`], 'referral.offered', offer);
  return true;
}

/** The provider asked us to slow down: the worker pauses the queue this long and retries the job. */
export class RateLimitedNotice extends Error {
  constructor(readonly retryAfterMs: number) {
    super('the SMS provider is rate limiting');
  }
}

export type NoticeOutcome = 'sent' | 'already_sent' | 'skipped' | 'failed_permanently';

export async function sendNotice(deps: ReferralDeps, referralId: string, step: number): Promise<NoticeOutcome> {
  const r = await findReferralById(referralId);
  if (!r || r.status !== 'offered' || r.channelStep !== step) return 'skipped';
  const channel: TNotifyChannel | undefined = r.channels[step];
  const [kase, partner] = await Promise.all([findCaseById(r.caseId), findPartnerById(r.partnerId)]);
  if (!channel || !kase || !partner) return 'skipped';

  if (step === 0) {
    // The partner's console always hears of a new offer, whatever its channel list says.
    if (channel !== 'console') consoleNotice(deps, r, kase, partner);
    // SMS at once beside it when the console cannot reach the partner now, or the case cannot wait.
    if (channel !== 'sms' && (await smsAtOnce(deps, r, kase, partner))) await sendExtraSms(deps, r, kase, partner);
  } else if (step > 0 && channel !== 'console' && (await messageWentOut(messageKey(r._id, channel, 0)))) {
    // The first notice used this channel already: the next one in the list takes over now.
    await moveToNextChannel(deps, r, step);
    return 'already_sent';
  }

  const msg = await claimMessage({ idempotencyKey: messageKey(r._id, channel, step), referralId: r._id, partnerId: partner._id, channel, step, provider: channel === 'console' ? 'console' : deps.telephony.sms.provider });
  if (msg.status !== 'pending') return 'already_sent';
  try {
    await deliver(deps, channel, r, kase, partner, msg._id);
  } catch (err) {
    if (err instanceof PermanentSendError) {
      await markMessageFailed(msg._id, err.message);
      deps.log('warn', { referralId, channel, step }, 'notice cannot be delivered on this channel; trying the next');
      await moveToNextChannel(deps, r, step);
      return 'failed_permanently';
    }
    // Not sent: let the job retry this same message (its record stays pending).
    await markMessageFailed(msg._id, (err as Error).message);
    if (err instanceof ProviderRateLimitedError) throw new RateLimitedNotice(err.retryAfterMs);
    throw err;
  }
  await deps.producers.addAt(JOBS.offerTimeout, new Date(Date.now() + offerWindowMs(deps, kase)), { referralId, step });
  return 'sent';
}

const URGENT_RISKS: ReadonlySet<string> = new Set(['emergency', 'high']);

async function smsAtOnce(deps: ReferralDeps, r: ReferralDoc, kase: CaseDoc, partner: PartnerDoc): Promise<boolean> {
  if (!r.channels.includes('sms') || !partner.phones[0]) return false;
  if (URGENT_RISKS.has(kase.riskLevel)) return true;
  return !partner.userId || !(await deps.presence.isOnline(partner.userId.toHexString()));
}

/** The first notice's SMS beside another listed channel: its own message (referral, sms, 0); a permanent failure leaves the listed channel to carry the offer. */
async function sendExtraSms(deps: ReferralDeps, r: ReferralDoc, kase: CaseDoc, partner: PartnerDoc) {
  const msg = await claimMessage({ idempotencyKey: messageKey(r._id, 'sms', 0), referralId: r._id, partnerId: partner._id, channel: 'sms', step: 0, provider: deps.telephony.sms.provider });
  if (msg.status !== 'pending') return;
  try {
    await deliver(deps, 'sms', r, kase, partner, msg._id);
  } catch (err) {
    await markMessageFailed(msg._id, (err as Error).message);
    if (err instanceof PermanentSendError) {
      deps.log('warn', { referralId: r._id.toHexString(), channel: 'sms', step: 0 }, 'first-notice SMS cannot be delivered; the listed channel carries the offer');
      return;
    }
    if (err instanceof ProviderRateLimitedError) throw new RateLimitedNotice(err.retryAfterMs);
    throw err;
  }
}

async function deliver(deps: ReferralDeps, channel: TNotifyChannel, r: ReferralDoc, kase: CaseDoc, partner: PartnerDoc, messageId: ReferralDoc['_id']) {
  const urls = webhookUrls(deps.env.PUBLIC_BASE_URL, r._id.toHexString());
  if (channel === 'console') {
    consoleNotice(deps, r, kase, partner);
    await markMessageSent(messageId, null, 'delivered');
  } else if (channel === 'sms') {
    const names = await communeNames(kase.location.communeCode ? [kase.location.communeCode] : []);
    const body = referralSmsText({ reference: kase.reference, category: kase.category, riskLevel: kase.riskLevel, communeName: names.get(kase.location.communeCode ?? '') ?? null, code: r.code });
    const sent = await deps.telephony.sms.send({ to: partner.phones[0]!, body, statusCallbackUrl: urls.smsStatus });
    await markMessageSent(messageId, sent.providerId, 'queued');
  } else {
    const sent = await deps.telephony.voice.call({ to: partner.phones[0]!, url: urls.voiceOffer, statusCallbackUrl: urls.voiceStatus });
    await markMessageSent(messageId, sent.providerId, 'queued');
  }
}

/** The offer window of `step` ran out: next channel, or expire and offer the case to the next partner. */
export async function onOfferTimeout(deps: ReferralDeps, referralId: string, step: number): Promise<'next_channel' | 'expired' | 'answered'> {
  const r = await findReferralById(referralId);
  if (!r || r.status !== 'offered' || r.channelStep !== step) return 'answered';
  return moveToNextChannel(deps, r, step);
}

async function moveToNextChannel(deps: ReferralDeps, r: ReferralDoc, step: number): Promise<'next_channel' | 'expired' | 'answered'> {
  if (step + 1 < r.channels.length) {
    const advanced = await advanceReferralChannel(r._id, step);
    if (!advanced) return 'answered';
    await deps.producers.add(JOBS.notify, { referralId: r._id.toHexString(), step: step + 1 });
    return 'next_channel';
  }
  const expired = await expireReferral(r._id, SYSTEM_ACTOR);
  if (!expired) return 'answered';
  const [kase, partner] = await Promise.all([findCaseById(r.caseId), findPartnerById(r.partnerId)]);
  if (kase && partner) publishReferralUpdated(deps.realtime, expired.referral, kase, partner.name, partner.userId?.toHexString() ?? null);
  if (expired.needsReroute) await rerouteCase(deps, r.caseId);
  return 'expired';
}
