/**
 * Hardening: a state-changing request with a session must come from this
 * service's origin (403 naming why otherwise); SMS reply and voice webhooks
 * are throttled per partner number and per IP (429 with Retry-After).
 */
import { expect } from 'chai';
import { signTwilioRequest } from '@hotline/telephony';
import type { TestStack } from '@hotline/testing';
import { apiStack, callBody, freshPhone } from './stack';

async function caseOf(stack: TestStack) {
  const c = await stack.login('counsellor.hn@demo.vn');
  const r = await c.post('/api/calls', callBody({ caller: { phone: freshPhone() } }));
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return { c, id: r.body.case.id as string };
}

/** The message of an error answer. */
const errorMessage = async (r: Response) => ((await r.json()) as { error: { message: string } }).error.message;

const notesOf = async (c: Awaited<ReturnType<TestStack['login']>>, id: string) =>
  ((await c.get(`/api/cases/${id}`)).body.timeline as { type: string }[]).filter((e) => e.type === 'case.note_added').length;

describe('origin check on state-changing requests', () => {
  it('refuses a POST with a session but no Origin or Referer (403 naming it), and writes nothing', async () => {
    const stack = await apiStack();
    const { c, id } = await caseOf(stack);
    const r = await fetch(`${stack.baseUrl}/api/cases/${id}/notes`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: c.cookieHeader }, body: JSON.stringify({ text: 'không có origin' }),
    });
    expect(r.status).to.equal(403);
    expect(await errorMessage(r)).to.match(/Origin or Referer/);
    expect(await notesOf(c, id)).to.equal(0);
  });

  it("refuses another site's Origin, naming it; takes this service's Origin or a same-origin Referer", async () => {
    const stack = await apiStack();
    const { c, id } = await caseOf(stack);
    const evil = await c.post(`/api/cases/${id}/notes`, { text: 'từ trang lạ' }, { origin: 'https://evil.example' });
    expect(evil.status).to.equal(403);
    expect(evil.body.error.message).to.contain('https://evil.example');
    const nullOrigin = await c.post(`/api/cases/${id}/notes`, { text: 'origin null' }, { origin: 'null' });
    expect(nullOrigin.status, 'an opaque origin is no origin').to.equal(403);
    expect(await notesOf(c, id)).to.equal(0);

    const ok = await c.post(`/api/cases/${id}/notes`, { text: 'từ bảng điều khiển' }, { origin: stack.baseUrl });
    expect(ok.status).to.equal(201);
    const byReferer = await fetch(`${stack.baseUrl}/api/cases/${id}/notes`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: c.cookieHeader, referer: `${stack.baseUrl}/cases/${id}` }, body: JSON.stringify({ text: 'theo referer' }),
    });
    expect(byReferer.status).to.equal(201);
    expect(await notesOf(c, id)).to.equal(2);
  });

  it('leaves requests without a session (sign-in) and signed webhooks alone, and reads (GET) too', async () => {
    const stack = await apiStack();
    const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'counsellor.hn@demo.vn', password: 'demo1234' }) });
    expect(login.status).to.equal(200);
    const { c } = await caseOf(stack);
    const read = await fetch(`${stack.baseUrl}/api/cases?limit=1`, { headers: { cookie: c.cookieHeader } });
    expect(read.status).to.equal(200);
  });
});

describe('webhook throttling', () => {
  const post = (stack: TestStack, path: string, params: Record<string, string>, ip?: string) => {
    const url = `${stack.baseUrl}${path}`;
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilioRequest(stack.env.TWILIO_AUTH_TOKEN, url, params),
        ...(ip ? { 'x-forwarded-for': ip } : {}),
      },
      body: new URLSearchParams(params),
    });
  };
  const sms = (stack: TestStack, from: string, ip?: string) =>
    post(stack, '/webhooks/twilio/sms', { MessageSid: `SM${Math.random().toString(16).slice(2)}`, From: from, To: '+84900000000', Body: '1 ZZZZZZ', AccountSid: stack.env.TWILIO_ACCOUNT_SID }, ip);

  it('answers 429 with Retry-After once a number has used its replies; another number goes on', async () => {
    const stack = await apiStack();
    const saved = stack.env.WEBHOOK_MAX_PER_NUMBER_PER_MINUTE;
    stack.env.WEBHOOK_MAX_PER_NUMBER_PER_MINUTE = 3;
    try {
      const number = `+8491${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
      for (let i = 0; i < 3; i++) expect((await sms(stack, number)).status).to.equal(200);
      const limited = await sms(stack, number);
      expect(limited.status).to.equal(429);
      expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
      expect(await errorMessage(limited)).to.contain('phone number');
      expect((await sms(stack, `+8498${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`)).status).to.equal(200);
      // The voice keypad webhook counts the partner's number (To) in the same budget.
      const gather = await post(stack, '/webhooks/twilio/voice/gather', { CallSid: 'CA1', To: number, Digits: '1', AccountSid: stack.env.TWILIO_ACCOUNT_SID });
      expect(gather.status).to.equal(429);
    } finally {
      stack.env.WEBHOOK_MAX_PER_NUMBER_PER_MINUTE = saved;
    }
  });

  it('answers 429 once an address has used its webhooks, whatever the numbers; unsigned requests spend nothing', async () => {
    const stack = await apiStack();
    const saved = stack.env.WEBHOOK_MAX_PER_IP_PER_MINUTE;
    stack.env.WEBHOOK_MAX_PER_IP_PER_MINUTE = 2;
    const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    try {
      const unsigned = await fetch(`${stack.baseUrl}/webhooks/twilio/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip }, body: 'From=%2B84911111111' });
      expect(unsigned.status).to.equal(403);
      expect((await sms(stack, '+84911111112', ip)).status).to.equal(200);
      expect((await sms(stack, '+84911111113', ip)).status).to.equal(200);
      const limited = await sms(stack, '+84911111114', ip);
      expect(limited.status).to.equal(429);
      expect(await errorMessage(limited)).to.contain('address');
    } finally {
      stack.env.WEBHOOK_MAX_PER_IP_PER_MINUTE = saved;
    }
  });
});
