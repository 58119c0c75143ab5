import { usesFakeTwilio, type TEnv } from '@hotline/core';
import { createTwilioClient, TwilioSmsSender, TwilioVoiceCaller, type SmsSender, type VoiceCaller } from '@hotline/telephony';

export interface Telephony {
  sms: SmsSender;
  voice: VoiceCaller;
}

/** Real Twilio with real credentials; the project's fake Twilio (same SDK, same code) otherwise. */
/** The Twilio REST client (live calls are moved on with it: connecting a caller to a counsellor). */
export const twilioClientFromEnv = (env: TEnv) =>
  createTwilioClient({
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    ...(usesFakeTwilio(env) ? { fakeBaseUrl: env.TWILIO_FAKE_URL } : {}),
  });

export function telephonyFromEnv(env: TEnv): Telephony {
  const client = twilioClientFromEnv(env);
  return { sms: new TwilioSmsSender({ client, from: env.TWILIO_FROM }), voice: new TwilioVoiceCaller({ client, from: env.TWILIO_FROM }) };
}
