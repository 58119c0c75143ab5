/**
 * TwiML for the hotline's inbound line, in Vietnamese (vi-VN): the greeting
 * and menu, the hold loop with the caller's position, out-of-hours voicemail,
 * connecting to a counsellor and transfer to the national line.
 */
import twilio from 'twilio';
import { DEFAULT_VI_VOICE, TWIML_LANGUAGE } from './twiml';

const say = { language: TWIML_LANGUAGE, voice: DEFAULT_VI_VOICE } as const;
export const VOICE_MENU_TIMEOUT_SECONDS = 6;
export const HOLD_PAUSE_SECONDS = 15;

export const INBOUND_TEXT = {
  greeting: 'Tổng đài quốc gia bảo vệ trẻ em 111 xin chào.',
  menu: 'Nếu có trẻ em hoặc người đang gặp nguy hiểm ngay lúc này, bấm phím 1. Để được tư vấn hoặc báo tin về một sự việc, bấm phím 2. Để hỏi thông tin, bấm phím 3.',
  closed: 'Tổng đài hiện ngoài giờ trực. Nếu có nguy hiểm khẩn cấp, xin gọi Công an 113 hoặc Cấp cứu 115. Xin để lại lời nhắn sau tiếng bíp, chúng tôi sẽ gọi lại cho bạn.',
  voicemailThanks: 'Cảm ơn bạn. Chúng tôi đã nhận lời nhắn và sẽ gọi lại sớm nhất.',
  connecting: 'Xin giữ máy, đang kết nối với tư vấn viên.',
  transfer: 'Các tư vấn viên đều đang bận. Cuộc gọi đang được chuyển tới tổng đài quốc gia.',
} as const;

export const holdText = (position: number) => `Bạn đang ở vị trí số ${position} trong hàng chờ. Xin vui lòng giữ máy, tư vấn viên sẽ trả lời bạn ngay khi có thể.`;

export function inboundMenuTwiml(menuUrl: string): string {
  const vr = new twilio.twiml.VoiceResponse();
  const g = vr.gather({ input: ['dtmf'], numDigits: 1, action: menuUrl, method: 'POST', timeout: VOICE_MENU_TIMEOUT_SECONDS });
  g.say(say, INBOUND_TEXT.greeting);
  g.say(say, INBOUND_TEXT.menu);
  // No key: counselling.
  vr.redirect({ method: 'POST' }, menuUrl);
  return vr.toString();
}

export function holdTwiml(position: number, waitUrl: string): string {
  const vr = new twilio.twiml.VoiceResponse();
  vr.say(say, holdText(position));
  vr.pause({ length: HOLD_PAUSE_SECONDS });
  vr.redirect({ method: 'POST' }, waitUrl);
  return vr.toString();
}

export function closedTwiml(recordUrl: string): string {
  const vr = new twilio.twiml.VoiceResponse();
  vr.say(say, INBOUND_TEXT.closed);
  vr.record({ action: recordUrl, method: 'POST', maxLength: 120, playBeep: true });
  return vr.toString();
}

export function sayAndHangupTwiml(text: string): string {
  const vr = new twilio.twiml.VoiceResponse();
  vr.say(say, text);
  vr.hangup();
  return vr.toString();
}

/** The caller to a counsellor: their browser (`client`) or their phone. */
export function connectTwiml(target: { client: string } | { number: string }, callerId?: string): string {
  const vr = new twilio.twiml.VoiceResponse();
  vr.say(say, INBOUND_TEXT.connecting);
  const dial = vr.dial(callerId ? { callerId } : {});
  if ('client' in target) dial.client(target.client);
  else dial.number(target.number);
  return vr.toString();
}

export function transferTwiml(number: string): string {
  const vr = new twilio.twiml.VoiceResponse();
  vr.say(say, INBOUND_TEXT.transfer);
  vr.dial(number);
  return vr.toString();
}

/** A Twilio Voice access token for the console's browser phone (Voice JavaScript SDK). */
export function voiceAccessToken(opts: { accountSid: string; apiKeySid: string; apiKeySecret: string; identity: string; ttlSeconds: number; outgoingAppSid?: string }): string {
  const { AccessToken } = twilio.jwt;
  const token = new AccessToken(opts.accountSid, opts.apiKeySid, opts.apiKeySecret, { identity: opts.identity, ttl: opts.ttlSeconds });
  token.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true, ...(opts.outgoingAppSid ? { outgoingApplicationSid: opts.outgoingAppSid } : {}) }));
  return token.toJwt();
}
