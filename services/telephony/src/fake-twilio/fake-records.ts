/**
 * What the fake Twilio remembers about messages and calls, and how it renders
 * them in the shape of Twilio's 2010-04-01 REST API so the real SDK can read them.
 */
import { randomBytes } from 'node:crypto';

export const API_VERSION = '2010-04-01';

export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'received';

export interface FakeMessage {
  sid: string;
  accountSid: string;
  direction: 'outbound-api' | 'inbound';
  to: string;
  from: string;
  body: string;
  status: MessageStatus;
  statusCallback: string | null;
  errorCode: number | null;
  numSegments: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

export interface FakeCall {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  /** TwiML URL fetched when the callee answers. */
  url: string;
  method: 'GET' | 'POST';
  status: CallStatus;
  statusCallback: string | null;
  statusCallbackMethod: 'GET' | 'POST';
  statusCallbackEvents: string[];
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  endTime: Date | null;
  duration: number | null;
  /** Keys the simulated callee pressed, in order. */
  digitsPressed: string[];
}

export function newSid(prefix: 'SM' | 'CA'): string {
  return prefix + randomBytes(16).toString('hex');
}

/** Twilio dates are RFC 2822: `Thu, 24 Aug 2023 05:01:45 +0000`. */
function rfc2822(date: Date | null): string | null {
  return date ? date.toUTCString().replace(/GMT$/, '+0000') : null;
}

const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;

/** GSM-7 fits 160 characters (153 per part); Vietnamese with diacritics needs UCS-2: 70 (67 per part). */
export function countSegments(body: string): number {
  const [single, multi] = GSM7.test(body) ? [160, 153] : [70, 67];
  if (body.length <= single) return 1;
  return Math.ceil(body.length / multi);
}

function accountPath(accountSid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}`;
}

function messageUri(m: Pick<FakeMessage, 'accountSid' | 'sid'>): string {
  return `${accountPath(m.accountSid)}/Messages/${m.sid}.json`;
}

function callUri(c: Pick<FakeCall, 'accountSid' | 'sid'>): string {
  return `${accountPath(c.accountSid)}/Calls/${c.sid}.json`;
}

export function messageJson(m: FakeMessage): Record<string, unknown> {
  const base = messageUri(m).replace(/\.json$/, '');
  return {
    account_sid: m.accountSid,
    api_version: API_VERSION,
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: rfc2822(m.dateSent),
    date_updated: rfc2822(m.dateUpdated),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: null,
    from: m.from,
    messaging_service_sid: null,
    num_media: '0',
    num_segments: String(m.numSegments),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${base}/Media.json`, feedback: `${base}/Feedback.json` },
    to: m.to,
    uri: messageUri(m),
  };
}

export function callJson(c: FakeCall): Record<string, unknown> {
  const base = callUri(c).replace(/\.json$/, '');
  return {
    account_sid: c.accountSid,
    annotation: null,
    answered_by: null,
    api_version: API_VERSION,
    caller_name: null,
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateUpdated),
    direction: 'outbound-api',
    duration: c.duration === null ? null : String(c.duration),
    end_time: rfc2822(c.endTime),
    forwarded_from: null,
    from: c.from,
    from_formatted: c.from,
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    queue_time: '0',
    sid: c.sid,
    start_time: rfc2822(c.startTime),
    status: c.status,
    subresource_uris: { notifications: `${base}/Notifications.json`, recordings: `${base}/Recordings.json` },
    to: c.to,
    to_formatted: c.to,
    trunk_sid: null,
    uri: callUri(c),
  };
}
