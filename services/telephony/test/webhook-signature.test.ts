import { expect } from 'chai';
import { signTwilioRequest, twilioSignatureMiddleware, twilioWebhookParsers, FAKE_AUTH_TOKEN } from '../src/index';
import { listenApp, newApp, type RunningApp } from './support';
import express from 'express';

const PUBLIC_BASE = 'https://hotline.example.vn';

describe('Twilio webhook signature middleware (express app on port 0)', () => {
  let app: RunningApp;
  let handled: Array<Record<string, string>>;

  before(async () => {
    const server = newApp();
    server.post('/twilio/sms', ...twilioWebhookParsers({ authToken: FAKE_AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE }), (req, res) => {
      handled.push(req.body);
      res.type('text/xml').send('<Response/>');
    });
    // Mounted under a router: the signed URL is still the full original URL.
    const router = express.Router();
    router.post('/status', (req, res) => {
      handled.push(req.body);
      res.sendStatus(204);
    });
    server.use('/nested', ...twilioWebhookParsers({ authToken: FAKE_AUTH_TOKEN, publicBaseUrl: `${PUBLIC_BASE}/` }), router);
    app = await listenApp(server);
  });
  after(async () => {
    await app.close();
  });
  beforeEach(() => {
    handled = [];
  });

  async function post(path: string, params: Record<string, string>, signature?: string) {
    const response = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature !== undefined ? { 'X-Twilio-Signature': signature } : {}),
      },
      body: new URLSearchParams(params).toString(),
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) };
  }

  const params = { MessageSid: `SM${'a'.repeat(32)}`, From: '+84912345678', To: '+15005550006', Body: 'Có ABC234' };

  it('accepts a request signed over the public URL and hands the parsed form to the route', async () => {
    const signature = signTwilioRequest(FAKE_AUTH_TOKEN, `${PUBLIC_BASE}/twilio/sms?ref=1`, params);
    const r = await post('/twilio/sms?ref=1', params, signature);
    expect(r.status).to.equal(200);
    expect(handled).to.deep.equal([params]);
  });

  it('validates routes mounted on a sub-path against the full original URL', async () => {
    const signature = signTwilioRequest(FAKE_AUTH_TOKEN, `${PUBLIC_BASE}/nested/status`, params);
    expect((await post('/nested/status', params, signature)).status).to.equal(204);
    expect(handled).to.have.length(1);
  });

  const refusals: Array<[string, () => string | undefined, Record<string, string>]> = [
    ['a tampered body', () => signTwilioRequest(FAKE_AUTH_TOKEN, `${PUBLIC_BASE}/twilio/sms`, params), { ...params, Body: 'Có ZZZ999' }],
    ['a signature made with the wrong auth token', () => signTwilioRequest('wrong-token', `${PUBLIC_BASE}/twilio/sms`, params), params],
    ['a signature over the internal URL instead of the public one', () => signTwilioRequest(FAKE_AUTH_TOKEN, `${app.url}/twilio/sms`, params), params],
    ['a signature over another path', () => signTwilioRequest(FAKE_AUTH_TOKEN, `${PUBLIC_BASE}/twilio/voice`, params), params],
    ['a missing signature header', () => undefined, params],
    ['an empty signature header', () => '', params],
  ];
  for (const [name, sign, body] of refusals) {
    it(`refuses ${name} with 403 invalid_signature and never runs the route`, async () => {
      const r = await post('/twilio/sms', body, sign());
      expect(r.status).to.equal(403);
      expect(r.json()).to.deep.equal({ error: { code: 'invalid_signature', message: 'Missing or invalid Twilio signature' } });
      expect(handled).to.have.length(0);
    });
  }

  it('refuses to be built without an auth token', () => {
    expect(() => twilioSignatureMiddleware({ authToken: '', publicBaseUrl: PUBLIC_BASE })).to.throw(/authToken/);
  });
});
