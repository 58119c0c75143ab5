/**
 * The outbound voice port: calls a collaborator and lets Twilio fetch the
 * TwiML (the referral offer with a keypad choice) from our webhook URL.
 */
import type { TwilioClient } from './twilio-client';
import type { ProviderSendResult } from './sms-sender';
import { isE164 } from './phone-number';
import { PermanentSendError } from './send-errors';
import { mapTwilioError } from './twilio-error-mapping';

export interface VoiceCallRequest {
  /** E.164. */
  to: string;
  /** Our TwiML webhook, fetched with POST when the callee answers. */
  url: string;
  statusCallbackUrl?: string | undefined;
}

export interface VoiceCaller {
  readonly provider: string;
  call(request: VoiceCallRequest): Promise<ProviderSendResult>;
}

export interface TwilioVoiceCallerOptions {
  client: TwilioClient;
  /** Caller id (E.164 Twilio number). */
  from: string;
  /** Seconds to let the phone ring before giving up (Twilio default 60). */
  ringTimeoutSeconds?: number;
}

export class TwilioVoiceCaller implements VoiceCaller {
  readonly provider = 'twilio';
  private readonly client: TwilioClient;
  private readonly from: string;
  private readonly ringTimeoutSeconds: number;

  constructor(options: TwilioVoiceCallerOptions) {
    this.client = options.client;
    this.from = options.from;
    this.ringTimeoutSeconds = options.ringTimeoutSeconds ?? 30;
  }

  async call(request: VoiceCallRequest): Promise<ProviderSendResult> {
    if (!isE164(request.to)) throw new PermanentSendError(this.provider, 'recipient is not an E.164 number');
    try {
      const call = await this.client.calls.create({
        to: request.to,
        from: this.from,
        url: request.url,
        method: 'POST',
        timeout: this.ringTimeoutSeconds,
        ...(request.statusCallbackUrl
          ? {
              statusCallback: request.statusCallbackUrl,
              statusCallbackMethod: 'POST',
              // `completed` also covers busy, no-answer, failed and canceled (CallStatus says which).
              statusCallbackEvent: ['completed'],
            }
          : {}),
      });
      return { providerId: call.sid, status: call.status };
    } catch (error) {
      throw mapTwilioError(error);
    }
  }
}
