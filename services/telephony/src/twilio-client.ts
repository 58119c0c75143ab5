/**
 * The real Twilio SDK client, optionally pointed at the project's fake Twilio
 * server. The SDK has no base-URL option, so a RequestClient subclass rewrites
 * each request's host and keeps its path and query.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

/** Credentials the fake Twilio accepts by default (embedded demo and tests). */
export const FAKE_ACCOUNT_SID = `AC${'0'.repeat(32)}`;
export const FAKE_AUTH_TOKEN = 'demo-auth-token';

export type TwilioClient = twilio.Twilio;

/**
 * Keeps a 429's `Retry-After` header, which the SDK's RestException drops, by
 * copying it into the error body's `details.retry_after` so the senders can
 * honour it.
 */
export class RetryAfterRequestClient extends twilio.RequestClient {
  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const response = await super.request<TData>(opts);
    if (response.statusCode !== 429) return response;
    const header = readHeader(response.headers, 'retry-after');
    if (header === undefined) return response;
    const body = typeof response.body === 'string' ? safeJson(response.body) : response.body;
    if (!body || typeof body !== 'object') return response;
    const record = body as Record<string, unknown>;
    const details = record.details && typeof record.details === 'object' ? record.details : {};
    return { ...response, body: { ...record, details: { ...details, retry_after: header } } as TData };
  }
}

/** Sends every SDK request to `fakeBaseUrl` instead of api.twilio.com (path and query kept). */
export class FakeAwareRequestClient extends RetryAfterRequestClient {
  readonly fakeBaseUrl: string;

  constructor(fakeBaseUrl: string, opts: RequestClient.RequestClientOptions = {}) {
    super({ autoRetry: false, ...opts });
    const parsed = new URL(fakeBaseUrl);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`fakeBaseUrl must be http(s), got ${parsed.protocol}`);
    }
    this.fakeBaseUrl = fakeBaseUrl.replace(/\/+$/, '');
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    return super.request<TData>({ ...opts, uri: this.rewrite(opts.uri) });
  }

  /** `https://api.twilio.com/2010-04-01/...?x=1` → `<fakeBaseUrl>/2010-04-01/...?x=1`. */
  rewrite(uri: string): string {
    const original = new URL(uri);
    return `${this.fakeBaseUrl}${original.pathname}${original.search}`;
  }
}

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** e.g. `http://127.0.0.1:3080`: talk to the fake Twilio instead of api.twilio.com. */
  fakeBaseUrl?: string | undefined;
  /** Request timeout in milliseconds. */
  timeoutMs?: number;
}

export function createTwilioClient(options: TwilioClientOptions): TwilioClient {
  const { accountSid, authToken, fakeBaseUrl, timeoutMs } = options;
  if (!accountSid.startsWith('AC')) throw new Error('Twilio accountSid must start with AC');
  if (!authToken) throw new Error('Twilio authToken is required');
  const clientOpts = { autoRetry: false, ...(timeoutMs ? { timeout: timeoutMs } : {}) };
  const httpClient = fakeBaseUrl
    ? new FakeAwareRequestClient(fakeBaseUrl, clientOpts)
    : new RetryAfterRequestClient(clientOpts);
  return twilio(accountSid, authToken, { httpClient, autoRetry: false });
}

function readHeader(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
