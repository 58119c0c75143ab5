/**
 * TwiML for the referral offer call and for SMS webhook answers.
 * Prompts carry only the case reference, category, risk level and commune:
 * never a person's name or the narrative. Each dynamic value goes through
 * `spokenField`, so it stays one short line of plain text.
 */
import twilio from 'twilio';
import { CASE_REFERENCE_PATTERN } from '@hotline/core';

type SayVoice = Parameters<InstanceType<typeof twilio.twiml.VoiceResponse>['say']>[0] extends infer A
  ? A extends { voice?: infer V } ? V : never
  : never;

export const TWIML_LANGUAGE = 'vi-VN';
/** A Google voice that speaks Vietnamese (Twilio's basic voices do not). */
export const DEFAULT_VI_VOICE: SayVoice = 'Google.vi-VN-Standard-A';
export const OFFER_GATHER_TIMEOUT_SECONDS = 8;

export interface ReferralOfferInput {
  /** Case reference, e.g. `HN-2026-000123`. */
  reference: string;
  categoryLabelVi: string;
  communeNameVi: string;
  /** e.g. `nguy cơ cao`; omitted when unknown. */
  riskLabelVi?: string | undefined;
  /** Where Twilio posts `Digits`. */
  gatherActionUrl: string;
  /**
   * Where to go when no key was pressed: the offer URL again (first play).
   * Omit it on the repeated play, which then says goodbye and hangs up.
   */
  repeatUrl?: string | undefined;
  voice?: SayVoice;
}

export const OFFER_TEXT = {
  noInputRepeat: 'Chúng tôi chưa nhận được phím bấm. Xin nghe lại một lần nữa.',
  noInputGoodbye: 'Chúng tôi chưa nhận được phím bấm. Tổng đài sẽ liên hệ lại sau. Xin cảm ơn.',
} as const;

/** "HN-2026-000123" → "HN 2026 000123", so a TTS reads it group by group. */
export function spokenReference(reference: string): string {
  if (!CASE_REFERENCE_PATTERN.test(reference)) throw new Error('reference is not a case reference');
  return reference.split('-').join(' ');
}

export function referralOfferText(input: Pick<ReferralOfferInput, 'reference' | 'categoryLabelVi' | 'communeNameVi' | 'riskLabelVi'>): string {
  const risk = input.riskLabelVi ? `, mức độ ${spokenField(input.riskLabelVi, 'riskLabelVi')}` : '';
  return (
    'Tổng đài bảo vệ trẻ em 111. ' +
    `Có một ca cần hỗ trợ: mã ca ${spokenReference(input.reference)}, ` +
    `loại ${spokenField(input.categoryLabelVi, 'categoryLabelVi')}${risk}, ` +
    `tại ${spokenField(input.communeNameVi, 'communeNameVi')}. ` +
    'Bấm 1 để nhận ca, bấm 2 để từ chối, bấm 9 để nghe lại.'
  );
}

export function referralOfferTwiml(input: ReferralOfferInput): string {
  const voice = input.voice ?? DEFAULT_VI_VOICE;
  const vr = new twilio.twiml.VoiceResponse();
  vr.gather({
    input: ['dtmf'],
    numDigits: 1,
    action: input.gatherActionUrl,
    method: 'POST',
    timeout: OFFER_GATHER_TIMEOUT_SECONDS,
  }).say({ language: TWIML_LANGUAGE, voice }, referralOfferText(input));
  if (input.repeatUrl) {
    vr.say({ language: TWIML_LANGUAGE, voice }, OFFER_TEXT.noInputRepeat);
    vr.redirect({ method: 'POST' }, input.repeatUrl);
  } else {
    vr.say({ language: TWIML_LANGUAGE, voice }, OFFER_TEXT.noInputGoodbye);
    vr.hangup();
  }
  return vr.toString();
}

export type GatherOutcome = 'accepted' | 'declined' | 'repeat' | 'invalid' | 'already_answered' | 'expired';

export const GATHER_RESULT_TEXT: Readonly<Record<GatherOutcome, string>> = {
  accepted: 'Cảm ơn bạn đã nhận ca. Tổng đài sẽ liên hệ để bàn giao thông tin.',
  declined: 'Bạn đã từ chối ca này. Cảm ơn bạn.',
  repeat: 'Xin nghe lại.',
  invalid: 'Phím bấm không hợp lệ.',
  already_answered: 'Ca này đã có người trả lời. Cảm ơn bạn.',
  expired: 'Lời mời nhận ca này đã hết hạn. Cảm ơn bạn.',
};

export interface GatherResultOptions {
  /** The offer URL: required for `repeat`; `invalid` goes back to it when given. */
  offerUrl?: string | undefined;
  voice?: SayVoice;
}

export function gatherResultTwiml(outcome: GatherOutcome, options: GatherResultOptions = {}): string {
  const voice = options.voice ?? DEFAULT_VI_VOICE;
  const vr = new twilio.twiml.VoiceResponse();
  vr.say({ language: TWIML_LANGUAGE, voice }, GATHER_RESULT_TEXT[outcome]);
  const back = outcome === 'repeat' || outcome === 'invalid' ? options.offerUrl : undefined;
  if (outcome === 'repeat' && !back) throw new Error('gatherResultTwiml(repeat) needs offerUrl');
  if (back) vr.redirect({ method: 'POST' }, back);
  else vr.hangup();
  return vr.toString();
}

/** Answer to an inbound SMS webhook; without text Twilio sends nothing back. */
export function smsReplyTwiml(text?: string): string {
  const mr = new twilio.twiml.MessagingResponse();
  if (text) mr.message(text);
  return mr.toString();
}

const MAX_FIELD_LENGTH = 80;

/** One line of plain text: no control characters, no markup-looking input, bounded length. */
function spokenField(value: string, name: string): string {
  const clean = value.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim();
  if (!clean) throw new Error(`${name} is empty`);
  if (clean.length > MAX_FIELD_LENGTH) throw new Error(`${name} is longer than ${MAX_FIELD_LENGTH} characters`);
  return clean;
}
