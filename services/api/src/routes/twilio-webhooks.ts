/**
 * Twilio's side of a referral: inbound SMS replies, the voice offer with its
 * keypad answer, and delivery status callbacks. Every request is signed
 * (X-Twilio-Signature, 403 and no change when wrong) and every handler is
 * safe under duplicate or out-of-order delivery.
 */
import { Router, type Request, type RequestHandler } from 'express';
import { CATEGORY_LABEL_VI, RISK_LABEL_VI, type TActor } from '@hotline/core';
import {
  applyProviderStatus, communeNames, findCaseById, findMessageByProviderId, findPartnerById, findReferralByCode, findReferralById,
  partnersByPhone, recordInbound, type PartnerDoc,
} from '@hotline/db';
import { answerOffer, onOfferTimeout } from '@hotline/referrals';
import {
  gatherResultTwiml, parseReferralReply, readOfferDigits, referralOfferTwiml, smsReplyTwiml, twilioWebhookParsers, type GatherOutcome,
} from '@hotline/telephony';
import type { ApiDeps } from '../services/deps';
import { createWebhookThrottle } from '../http/webhook-throttle';

const partnerActor = (p: PartnerDoc, via: string): TActor => ({ kind: 'partner', id: p._id.toHexString(), role: null, name: `${p.name} (${via})` });

const SMS_REPLY = {
  accepted: 'Cảm ơn! Bạn đã nhận ca {ref}. Vui lòng liên hệ trong thời gian sớm nhất.',
  declined: 'Đã ghi nhận bạn từ chối ca {ref}. Ca sẽ được chuyển cho người khác.',
  already_answered: 'Ca {ref} đã được trả lời trước đó.',
  too_late: 'Ca {ref} đã có người khác nhận. Cảm ơn bạn.',
  unknown: 'Không tìm thấy mã ca. Trả lời "1 MÃ" để nhận hoặc "2 MÃ" để từ chối.',
} as const;

const twiml = (res: import('express').Response, xml: string) => res.type('text/xml').send(xml);
const field = (req: Request, name: string) => (typeof req.body?.[name] === 'string' ? (req.body[name]) : '');
const queryId = (req: Request) => (typeof req.query.referralId === 'string' && /^[0-9a-f]{24}$/.test(req.query.referralId) ? req.query.referralId : null);

export function twilioWebhookRoutes(deps: ApiDeps): Router {
  const router = Router();
  // Read the settings per request: the public URL is known only once the server listens (tests on port 0).
  const signed: RequestHandler = (req, res, next) => {
    const [parse, check] = twilioWebhookParsers({ authToken: deps.env.TWILIO_AUTH_TOKEN, publicBaseUrl: deps.env.PUBLIC_BASE_URL });
    parse!(req, res, (err?: unknown) => (err ? next(err) : check!(req, res, next)));
  };
  const base = () => deps.env.PUBLIC_BASE_URL;
  // Per partner number and per IP, after the signature check (SMS replies and voice webhooks).
  const throttled = createWebhookThrottle(deps.redis, {
    prefix: () => deps.producers.prefix, perNumber: () => deps.env.WEBHOOK_MAX_PER_NUMBER_PER_MINUTE, perIp: () => deps.env.WEBHOOK_MAX_PER_IP_PER_MINUTE,
  });
  const fromNumber = throttled((req) => field(req, 'From'));
  const calledNumber = throttled((req) => field(req, 'To'));

  // An SMS reply "1 K7Q2MX" / "KHONG K7Q2MX" from a partner's phone (providers that carry two-way SMS).
  router.post('/webhooks/twilio/sms', signed, fromNumber, async (req, res) => {
    const sid = field(req, 'MessageSid');
    const from = field(req, 'From');
    const reply = parseReferralReply(field(req, 'Body'));
    const referral = reply ? await findReferralByCode(reply.code) : null;
    const partners = await partnersByPhone(from);
    const partner = referral ? partners.find((p) => p._id.equals(referral.partnerId)) : undefined;
    if (!reply || !referral || !partner) return twiml(res, smsReplyTwiml(SMS_REPLY.unknown));
    const kase = await findCaseById(referral.caseId);
    const ref = kase?.reference ?? '';
    if (!(await recordInbound(sid, 'sms', referral._id))) return twiml(res, smsReplyTwiml()); // a replay: answered already
    const result = await answerOffer(deps.referrals, referral._id, reply.decision, 'sms', partnerActor(partner, 'SMS'));
    const key = result.outcome === 'not_found' ? 'unknown' : result.outcome;
    twiml(res, smsReplyTwiml(SMS_REPLY[key].replace('{ref}', ref)));
  });

  // The call is answered: read the offer and gather one key.
  router.post('/webhooks/twilio/voice/offer', signed, calledNumber, async (req, res) => {
    const id = queryId(req);
    const referral = id ? await findReferralById(id) : null;
    const [kase, partner] = referral ? await Promise.all([findCaseById(referral.caseId), findPartnerById(referral.partnerId)]) : [null, null];
    if (!referral || !kase || !partner || !partner.phones.includes(field(req, 'To'))) return twiml(res, gatherResultTwiml('invalid'));
    if (referral.status !== 'offered') return twiml(res, gatherResultTwiml(referral.status === 'expired' ? 'expired' : 'already_answered'));
    const names = await communeNames(kase.location.communeCode ? [kase.location.communeCode] : []);
    const offerUrl = `${base()}/webhooks/twilio/voice/offer?referralId=${id}`;
    twiml(res, referralOfferTwiml({
      reference: kase.reference,
      categoryLabelVi: CATEGORY_LABEL_VI[kase.category],
      riskLabelVi: RISK_LABEL_VI[kase.riskLevel],
      communeNameVi: names.get(kase.location.communeCode ?? '') ?? 'chưa rõ xã phường',
      gatherActionUrl: `${base()}/webhooks/twilio/voice/gather?referralId=${id}`,
      repeatUrl: `${offerUrl}&repeat=1`,
    }));
  });

  // The key pressed: 1 accept, 2 decline, 9 repeat.
  router.post('/webhooks/twilio/voice/gather', signed, calledNumber, async (req, res) => {
    const id = queryId(req);
    const referral = id ? await findReferralById(id) : null;
    const partner = referral ? await findPartnerById(referral.partnerId) : null;
    const offerUrl = `${base()}/webhooks/twilio/voice/offer?referralId=${id}`;
    if (!referral || !partner || !partner.phones.includes(field(req, 'To'))) return twiml(res, gatherResultTwiml('invalid'));
    const choice = readOfferDigits(field(req, 'Digits'));
    if (choice === 'repeat' || choice === 'invalid') return twiml(res, gatherResultTwiml(choice, { offerUrl }));
    const result = await answerOffer(deps.referrals, referral._id, choice, 'voice', partnerActor(partner, 'keypad'));
    const outcome: GatherOutcome =
      result.outcome === 'accepted' || result.outcome === 'declined' ? result.outcome : result.referral?.status === 'expired' ? 'expired' : 'already_answered';
    twiml(res, gatherResultTwiml(outcome));
  });

  // Delivery status of an SMS: monotonic (a late "sent" never overwrites "delivered").
  router.post('/webhooks/twilio/status', signed, async (req, res) => {
    const sid = field(req, 'MessageSid');
    if (sid) await applyProviderStatus(sid, field(req, 'MessageStatus'));
    res.status(204).end();
  });

  // The call ended: no answer or busy moves the offer to its next channel at once.
  router.post('/webhooks/twilio/voice/status', signed, calledNumber, async (req, res) => {
    const sid = field(req, 'CallSid');
    const status = field(req, 'CallStatus');
    if (sid) await applyProviderStatus(sid, status);
    if (['no-answer', 'busy', 'failed', 'canceled'].includes(status)) {
      const msg = sid ? await findMessageByProviderId(sid) : null;
      if (msg?.referralId) await onOfferTimeout(deps.referrals, msg.referralId.toHexString(), msg.step);
    }
    res.status(204).end();
  });
  return router;
}
