/**
 * The SMS port. A provider says whether it carries replies: Twilio has no
 * two-way SMS in Vietnam, so a collaborator answers a referral by a voice call
 * with a keypad choice instead, unless a provider that carries replies is used.
 */
import type { TwilioClient } from './twilio-client';
import { isE164 } from './phone-number';
import { PermanentSendError } from './send-errors';
import { mapTwilioError } from './twilio-error-mapping';

export interface SmsMessage {
  /** E.164, e.g. +84912345678. */
  to: string;
  body: string;
  statusCallbackUrl?: string | undefined;
}

export interface ProviderSendResult {
  providerId: string;
  status: string;
}

export interface SmsSender {
  readonly provider: string;
  readonly carriesReplies: boolean;
  /**
   * Throws ProviderRateLimitedError (retry later), PermanentSendError (do not
   * retry) or a plain Error (retry with backoff).
   */
  send(msg: SmsMessage): Promise<ProviderSendResult>;
}

export interface TwilioSmsSenderOptions {
  client: TwilioClient;
  /** Sender number (E.164) or alphanumeric sender id. */
  from: string;
  /** False for Vietnam: Twilio numbers there do not receive SMS. */
  carriesReplies?: boolean;
}

export class TwilioSmsSender implements SmsSender {
  readonly provider = 'twilio';
  readonly carriesReplies: boolean;
  private readonly client: TwilioClient;
  private readonly from: string;

  constructor(options: TwilioSmsSenderOptions) {
    this.client = options.client;
    this.from = options.from;
    this.carriesReplies = options.carriesReplies ?? false;
  }

  async send(msg: SmsMessage): Promise<ProviderSendResult> {
    if (!isE164(msg.to)) throw new PermanentSendError(this.provider, 'recipient is not an E.164 number');
    if (msg.body.length === 0) throw new PermanentSendError(this.provider, 'empty message body');
    try {
      const message = await this.client.messages.create({
        to: msg.to,
        from: this.from,
        body: msg.body,
        ...(msg.statusCallbackUrl ? { statusCallback: msg.statusCallbackUrl } : {}),
      });
      return { providerId: message.sid, status: message.status };
    } catch (error) {
      throw mapTwilioError(error);
    }
  }
}
