/**
 * Posts webhooks the way Twilio does: form-encoded, signed with
 * X-Twilio-Signature over the exact target URL, with an idempotency token.
 * Remembers the last delivery byte for byte so it can be replayed.
 */
import { randomUUID } from 'node:crypto';
import { signTwilioRequest, TWILIO_SIGNATURE_HEADER } from '../webhook-signature';

export type WebhookParams = Record<string, string>;

export interface DeliveredWebhook {
  kind: string;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** Exact bytes sent (empty for GET). */
  body: string;
  responseStatus: number | null;
  at: Date;
}

export interface WebhookAnswer {
  status: number;
  body: string;
  contentType: string | null;
}

const TIMEOUT_MS = 15_000;

export class WebhookDelivery {
  private readonly log: DeliveredWebhook[] = [];

  constructor(private readonly authToken: string) {}

  /** Signs and sends. For GET the params go in the query string and the signature covers that URL. */
  async deliver(kind: string, url: string, params: WebhookParams, method: 'GET' | 'POST' = 'POST'): Promise<WebhookAnswer> {
    const encoded = new URLSearchParams(params).toString();
    const target = method === 'GET' && encoded ? `${url}${url.includes('?') ? '&' : '?'}${encoded}` : url;
    const headers: Record<string, string> = {
      [TWILIO_SIGNATURE_HEADER]: signTwilioRequest(this.authToken, target, method === 'GET' ? {} : params),
      'I-Twilio-Idempotency-Token': randomUUID(),
      'User-Agent': 'TwilioProxy/1.1',
      Accept: '*/*',
    };
    if (method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    const record: DeliveredWebhook = {
      kind,
      method,
      url: target,
      headers,
      body: method === 'POST' ? encoded : '',
      responseStatus: null,
      at: new Date(),
    };
    this.log.push(record);
    return this.send(record);
  }

  /** Sends the last delivery again, same URL, headers (signature, idempotency token) and body. */
  async replayLast(): Promise<WebhookAnswer | null> {
    const last = this.log.at(-1);
    if (!last) return null;
    const copy: DeliveredWebhook = { ...last, kind: `${last.kind}:replay`, responseStatus: null, at: new Date() };
    this.log.push(copy);
    return this.send(copy);
  }

  deliveries(): DeliveredWebhook[] {
    return this.log.map((d) => ({ ...d, headers: { ...d.headers } }));
  }

  clear(): void {
    this.log.length = 0;
  }

  private async send(record: DeliveredWebhook): Promise<WebhookAnswer> {
    const response = await fetch(record.url, {
      method: record.method,
      headers: record.headers,
      ...(record.method === 'POST' ? { body: record.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    record.responseStatus = response.status;
    return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
  }
}
