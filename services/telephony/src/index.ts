export {
  createTwilioClient,
  FakeAwareRequestClient,
  RetryAfterRequestClient,
  FAKE_ACCOUNT_SID,
  FAKE_AUTH_TOKEN,
  type TwilioClient,
  type TwilioClientOptions,
} from './twilio-client';
export { ProviderRateLimitedError, PermanentSendError, isRetryableSendError } from './send-errors';
export { mapTwilioError, TWILIO_PERMANENT_CODES } from './twilio-error-mapping';
export { isE164, E164_PATTERN } from './phone-number';
export {
  TwilioSmsSender,
  type SmsSender,
  type SmsMessage,
  type ProviderSendResult,
  type TwilioSmsSenderOptions,
} from './sms-sender';
export { TwilioVoiceCaller, type VoiceCaller, type VoiceCallRequest, type TwilioVoiceCallerOptions } from './voice-caller';
export {
  referralOfferTwiml,
  referralOfferText,
  spokenReference,
  gatherResultTwiml,
  smsReplyTwiml,
  GATHER_RESULT_TEXT,
  OFFER_TEXT,
  TWIML_LANGUAGE,
  DEFAULT_VI_VOICE,
  OFFER_GATHER_TIMEOUT_SECONDS,
  type ReferralOfferInput,
  type GatherOutcome,
  type GatherResultOptions,
} from './twiml';
export { readOfferDigits, OFFER_KEYS, type OfferKeypadChoice } from './referral-keypad';
export { parseReferralReply, type ReferralReply, type ReferralDecision } from './sms-reply-parser';
export { REFERRAL_CODE_ALPHABET, REFERRAL_CODE_LENGTH, newReferralCode, isReferralCode } from './referral-code';
export {
  twilioSignatureMiddleware,
  twilioWebhookParsers,
  signTwilioRequest,
  TWILIO_SIGNATURE_HEADER,
  type TwilioSignatureOptions,
} from './webhook-signature';
export * from './fake-twilio/index';
export * from './voice-inbound-twiml';
