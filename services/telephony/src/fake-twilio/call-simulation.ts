/**
 * The fake callee: answers an outbound call, fetches its TwiML, listens to
 * every <Say>, presses one key per <Gather> and follows <Redirect>s, the way
 * Twilio would drive our webhooks during a real call.
 *
 * `digits` is the sequence of keys, one per <Gather>; `-` lets a <Gather> time
 * out. When a <Gather> is reached with no keys left, the callee hangs up.
 */
import type { FakeCall } from './fake-records';
import { API_VERSION } from './fake-records';
import { parseTwiml, type TwimlElement } from './twiml-reader';
import type { WebhookDelivery, WebhookParams } from './webhook-delivery';

export interface CallAnswerResult {
  /** Every TwiML document our webhooks answered, in order. */
  twiml: string[];
  /** The text of every <Say> heard, in order. */
  said: string[];
  /** Each webhook request made during the call. */
  requests: Array<{ url: string; digits: string | null; status: number }>;
  /** Keys actually pressed. */
  pressed: string[];
}

const MAX_TWIML_FETCHES = 10;

interface NextFetch {
  url: string;
  method: 'GET' | 'POST';
  digits: string | null;
}

export function callWebhookFields(call: FakeCall, callStatus: string): WebhookParams {
  return {
    AccountSid: call.accountSid,
    ApiVersion: API_VERSION,
    CallSid: call.sid,
    CallStatus: callStatus,
    Direction: 'outbound-api',
    From: call.from,
    To: call.to,
  };
}

export async function simulateAnsweredCall(call: FakeCall, digits: string, delivery: WebhookDelivery): Promise<CallAnswerResult> {
  const result: CallAnswerResult = { twiml: [], said: [], requests: [], pressed: [] };
  const keys = [...digits];
  let next: NextFetch | null = { url: call.url, method: call.method, digits: null };

  while (next && result.requests.length < MAX_TWIML_FETCHES) {
    const current: NextFetch = next;
    next = null;
    const params = callWebhookFields(call, 'in-progress');
    if (current.digits !== null) params.Digits = current.digits;
    const answer = await delivery.deliver('call-twiml', current.url, params, current.method);
    result.requests.push({ url: current.url, digits: current.digits, status: answer.status });
    if (answer.status < 200 || answer.status >= 300) break; // Twilio plays an application error and hangs up
    result.twiml.push(answer.body);
    const response = parseTwiml(answer.body);

    for (const verb of response.children) {
      if (verb.name === 'Say') {
        result.said.push(verb.text.trim());
      } else if (verb.name === 'Gather') {
        for (const inner of verb.children) if (inner.name === 'Say') result.said.push(inner.text.trim());
        const key = keys.shift();
        if (key === undefined) return result; // nothing left to press: the callee hangs up
        if (key === '-') continue; // timeout: Twilio moves on to the next verb
        result.pressed.push(key);
        call.digitsPressed.push(key);
        next = { url: resolveUrl(verb.attributes.action, current.url), method: verbMethod(verb), digits: key };
        break;
      } else if (verb.name === 'Redirect') {
        next = { url: resolveUrl(verb.text.trim(), current.url), method: verbMethod(verb), digits: null };
        break;
      } else if (verb.name === 'Hangup' || verb.name === 'Reject') {
        break;
      }
    }
  }
  return result;
}

/** Relative action and redirect URLs resolve against the document's URL (no action = the same URL). */
function resolveUrl(target: string | undefined, base: string): string {
  return new URL(target && target.length > 0 ? target : base, base).toString();
}

function verbMethod(verb: TwimlElement): 'GET' | 'POST' {
  return verb.attributes.method?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}
