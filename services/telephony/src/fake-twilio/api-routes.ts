/**
 * The slice of Twilio's REST API (2010-04-01) the SDK calls for messages and
 * calls: Basic auth, form bodies, 201 on create, Twilio paging on lists,
 * Twilio error codes.
 */
import express, { type Request, type Response, type Router } from 'express';
import { isE164 } from '../phone-number';
import {
  API_VERSION,
  callJson,
  countSegments,
  messageJson,
  newSid,
  type FakeCall,
  type FakeMessage,
} from './fake-records';
import type { FakeTwilioState } from './fake-state';
import { redirectLiveCall } from './inbound-calls';
import { twilioErrorBody } from './twilio-error-body';

const MAX_BODY_LENGTH = 1600;

/**
 * Twilio's documented magic recipient numbers (test credentials), so tests can
 * reach each refusal through the real SDK with a well-formed number.
 */
const MAGIC_RECIPIENTS: Readonly<Record<string, { code: number; message: string }>> = {
  '+15005550001': { code: 21211, message: "The 'To' number {to} is not a valid phone number." },
  '+15005550002': { code: 21612, message: "The 'To' phone number is not currently reachable via SMS." },
  '+15005550003': { code: 21408, message: 'Permission to send an SMS has not been enabled for the region indicated by the To number.' },
  '+15005550004': { code: 21610, message: "Attempt to send to unsubscribed recipient" },
  '+15005550009': { code: 21614, message: "'To' number is not a valid mobile number" },
};

export function apiRoutes(state: FakeTwilioState): Router {
  const router = express.Router({ mergeParams: true });
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use((req, res, next) => {
    if (!isAuthorized(req, state)) {
      res.set('WWW-Authenticate', 'Basic realm="Twilio API"');
      res.status(401).json(twilioErrorBody(401, 20003, 'Authenticate'));
      return;
    }
    if (req.params.accountSid !== state.accountSid) {
      notFound(res, req.originalUrl);
      return;
    }
    next();
  });

  router.post('/Messages.json', (req, res) => {
    if (failInjected(state, res)) return;
    const to = field(req, 'To');
    const from = field(req, 'From') ?? field(req, 'MessagingServiceSid');
    const body = field(req, 'Body');
    if (!to) return fail(res, 400, 21604, "A 'To' phone number is required.");
    if (!isE164(to)) return fail(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    const magic = MAGIC_RECIPIENTS[to];
    if (magic) return fail(res, 400, magic.code, magic.message.replace('{to}', to));
    if (!from) return fail(res, 400, 21603, "A 'From' phone number is required.");
    if (!body) return fail(res, 400, 21602, 'Message body is required.');
    if (body.length > MAX_BODY_LENGTH) return fail(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    const now = new Date();
    const message: FakeMessage = {
      sid: newSid('SM'),
      accountSid: state.accountSid,
      direction: 'outbound-api',
      to,
      from,
      body,
      status: 'queued',
      statusCallback: field(req, 'StatusCallback') ?? null,
      errorCode: null,
      numSegments: countSegments(body),
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
    };
    state.messages.set(message.sid, message);
    res.status(201).json(messageJson(message));
  });

  router.get('/Messages.json', (req, res) => {
    const to = query(req, 'To');
    const from = query(req, 'From');
    const records = [...state.messages.values()]
      .filter((m) => (!to || m.to === to) && (!from || m.from === from))
      .reverse();
    res.json(page(req, 'messages', records.map(messageJson)));
  });

  router.get('/Messages/:messageSid.json', (req, res) => {
    const message = state.messages.get(String(req.params.messageSid));
    if (!message) return notFound(res, req.originalUrl);
    res.json(messageJson(message));
  });

  router.post('/Calls.json', (req, res) => {
    if (failInjected(state, res)) return;
    const to = field(req, 'To');
    const from = field(req, 'From');
    const url = field(req, 'Url');
    if (!to) return fail(res, 400, 21201, "No 'To' number is specified");
    if (!isE164(to) || MAGIC_RECIPIENTS[to]?.code === 21211) {
      return fail(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    }
    if (!from) return fail(res, 400, 21213, "No 'From' number is specified");
    if (!url || !isHttpUrl(url)) return fail(res, 400, 21205, 'Url parameter is required and must be an absolute http(s) URL');
    const statusCallback = field(req, 'StatusCallback') ?? null;
    if (statusCallback && !isHttpUrl(statusCallback)) return fail(res, 400, 21609, 'Invalid StatusCallback');
    const now = new Date();
    const call: FakeCall = {
      sid: newSid('CA'),
      accountSid: state.accountSid,
      to,
      from,
      url,
      method: field(req, 'Method')?.toUpperCase() === 'GET' ? 'GET' : 'POST',
      status: 'queued',
      statusCallback,
      statusCallbackMethod: field(req, 'StatusCallbackMethod')?.toUpperCase() === 'GET' ? 'GET' : 'POST',
      statusCallbackEvents: fields(req, 'StatusCallbackEvent'),
      dateCreated: now,
      dateUpdated: now,
      startTime: null,
      endTime: null,
      duration: null,
      digitsPressed: [],
    };
    if (call.statusCallbackEvents.length === 0) call.statusCallbackEvents = ['completed'];
    state.calls.set(call.sid, call);
    res.status(201).json(callJson(call));
  });

  router.get('/Calls.json', (req, res) => {
    const to = query(req, 'To');
    const from = query(req, 'From');
    const status = query(req, 'Status');
    const records = [...state.calls.values()]
      .filter((c) => (!to || c.to === to) && (!from || c.from === from) && (!status || c.status === status))
      .reverse();
    res.json(page(req, 'calls', records.map(callJson)));
  });

  router.get('/Calls/:callSid.json', (req, res) => {
    const call = state.calls.get(String(req.params.callSid));
    if (!call) return notFound(res, req.originalUrl);
    res.json(callJson(call));
  });

  // A live call moved on by the API (`client.calls(sid).update({ url })`): the fake caller fetches the new TwiML.
  router.post('/Calls/:callSid.json', async (req, res, next) => {
    const url = field(req, 'Url');
    if (!url || !isHttpUrl(url)) return fail(res, 400, 21205, 'Url parameter is required and must be an absolute http(s) URL');
    try {
      const call = await redirectLiveCall(state, String(req.params.callSid), url);
      if (!call) return notFound(res, req.originalUrl);
      res.json(callJson(call));
    } catch (err) {
      next(err);
    }
  });

  router.use((req, res) => notFound(res, req.originalUrl));
  return router;
}

function isAuthorized(req: Request, state: FakeTwilioState): boolean {
  const header = req.get('authorization') ?? '';
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && decoded.slice(0, colon) === state.accountSid && decoded.slice(colon + 1) === state.authToken;
}

function failInjected(state: FakeTwilioState, res: Response): boolean {
  const failure = state.takeFailure();
  if (!failure) return false;
  if (failure.kind === '429') {
    res.set('Retry-After', String(failure.retryAfterSeconds));
    res.status(429).json(twilioErrorBody(429, 20429, 'Too Many Requests'));
  } else {
    res.status(500).json(twilioErrorBody(500, 20500, 'Internal Server Error'));
  }
  return true;
}

function fail(res: Response, status: number, code: number, message: string): void {
  res.status(status).json(twilioErrorBody(status, code, message));
}

function notFound(res: Response, path: string): void {
  fail(res, 404, 20404, `The requested resource ${path.split('?')[0]} was not found`);
}

function fields(req: Request, key: string): string[] {
  const value: unknown = (req.body as Record<string, unknown> | undefined)?.[key];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function field(req: Request, key: string): string | undefined {
  return fields(req, key)[0] || undefined;
}

function query(req: Request, key: string): string | undefined {
  const value = req.query[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Twilio's 2010 paging envelope: records under `key`, `page`, `page_size`, and relative page URIs. */
function page(req: Request, key: string, all: Array<Record<string, unknown>>): Record<string, unknown> {
  const pageSize = clampInt(query(req, 'PageSize'), 50, 1, 1000);
  const pageNumber = clampInt(query(req, 'Page'), 0, 0, Number.MAX_SAFE_INTEGER);
  const start = pageNumber * pageSize;
  const items = all.slice(start, start + pageSize);
  const path = req.originalUrl.split('?')[0]!;
  const filters = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) {
    if (k !== 'Page' && k !== 'PageSize' && k !== 'PageToken' && typeof v === 'string') filters.set(k, v);
  }
  const uriFor = (n: number) => {
    const params = new URLSearchParams(filters);
    params.set('PageSize', String(pageSize));
    params.set('Page', String(n));
    if (n > 0) params.set('PageToken', `PA${n * pageSize}`);
    return `${path}?${params.toString()}`;
  };
  const hasNext = start + pageSize < all.length;
  return {
    [key]: items,
    end: start + Math.max(items.length, 1) - 1,
    first_page_uri: uriFor(0),
    next_page_uri: hasNext ? uriFor(pageNumber + 1) : null,
    page: pageNumber,
    page_size: pageSize,
    previous_page_uri: pageNumber > 0 ? uriFor(pageNumber - 1) : null,
    start,
    uri: uriFor(pageNumber),
  };
}

function clampInt(raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = raw === undefined ? NaN : Number(raw);
  if (!Number.isInteger(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

export const API_BASE_PATH = `/${API_VERSION}/Accounts/:accountSid`;
