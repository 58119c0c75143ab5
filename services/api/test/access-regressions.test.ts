/**
 * Issue 11: what a hostile tester found, one regression test each (each failed
 * before its fix). Cases are routed in this process with the same routing
 * code the workers run (`routeCase`), so the partners and their offers are known.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { CallModel, MessageModel, recordInbound, ReferralModel, type ReferralDoc } from '@hotline/db';
import { answerOffer, routeCase } from '@hotline/referrals';
import { signTwilioRequest } from '@hotline/telephony';
import { ConsoleSocket, HttpClient, sleep, type TestStack } from '@hotline/testing';
import { apiStack, callBody, freshPhone } from './stack';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** What must never reach a partner of a case shared without consent (nor another province). */
const SECRETS = { child: 'Bé Hoa Mai', caller: 'Chị Lan Hương', summary: 'Bé Hoa Mai bị cha dượng đánh bằng roi', address: 'Số 12 ngõ 34 phố Đội Cấn', notes: 'Người gọi xin giữ kín' };
const leaked = (payload: unknown) => Object.values(SECRETS).filter((s) => JSON.stringify(payload).includes(s));

/** A case of Phường Ba Đình (00004, the demo collaborator's commune), triaged and routed (round 1). */
async function referredCase(caseOver: Record<string, unknown> = {}) {
  const stack = await apiStack();
  const hn = await stack.login('counsellor.hn@demo.vn');
  const phone = freshPhone();
  const r = await hn.post('/api/calls', callBody({ caller: { phone, name: SECRETS.caller, relationship: 'neighbour' }, notes: SECRETS.notes }, {
    subjects: [{ name: SECRETS.child, ageYears: 7, gender: 'female' }],
    location: { provinceCode: '01', communeCode: '00004', address: SECRETS.address },
    summary: SECRETS.summary,
    ...caseOver,
  }));
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  const kase = r.body.case as { id: string; reference: string; status: string };
  if (kase.status === 'new') expect((await hn.post(`/api/cases/${kase.id}/status`, { to: 'triaged' })).status).to.equal(200);
  expect(await routeCase(stack.api.deps.referrals, kase.id, 1)).to.equal('offered');
  const collab = await stack.login('collaborator.hn@demo.vn');
  const partnerId = (await collab.get('/api/auth/me')).body.user.partnerId as string;
  const referrals = await ReferralModel.find({ caseId: new Types.ObjectId(kase.id) }).lean<ReferralDoc[]>();
  const own = referrals.find((x) => x.partnerId.toHexString() === partnerId);
  expect(own, "the demo collaborator's partner covers 00004 and is offered the case").to.not.equal(undefined);
  return { stack, hn, collab, kase, phone, partnerId, own: own!, others: referrals.filter((x) => x !== own) };
}

const partnerActor = { kind: 'partner' as const, id: null, role: null, name: 'test (SMS)' };

describe('issue 11: access regressions', () => {
  describe('1. caller history on intake is scoped to the user’s provinces', () => {
    it("POST /api/calls from province 79 does not list province 01's calls and cases of the same number", async () => {
      const stack = await apiStack();
      const hn = await stack.login('counsellor.hn@demo.vn');
      const hcm = await stack.login('counsellor.hcm@demo.vn');
      const phone = freshPhone();
      const first = await hn.post('/api/calls', callBody({ caller: { phone } }));
      expect(first.status).to.equal(201);

      const r = await hcm.post('/api/calls', { channel: 'phone', caller: { phone }, outcome: 'information_only' });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body.callerHistory.previousCalls, "province 01's call").to.deep.equal([]);
      expect(r.body.callerHistory.openCases, "province 01's case").to.deep.equal([]);
      expect(JSON.stringify(r.body)).not.to.contain(first.body.case.reference).and.not.to.contain(first.body.call.id);

      // The same rule as the lookup; and a counsellor still sees their own earlier call.
      const lookup = await hcm.get(`/api/callers/lookup?phone=${encodeURIComponent(phone)}`);
      expect(lookup.body.previousCalls.map((c: { id: string }) => c.id)).to.deep.equal([r.body.call.id]);
      expect(lookup.body.openCases).to.deep.equal([]);
      const again = await hcm.post('/api/calls', { channel: 'phone', caller: { phone }, outcome: 'information_only' });
      expect(again.body.callerHistory.previousCalls.map((c: { id: string }) => c.id)).to.deep.equal([r.body.call.id]);
      // Hà Nội still sees its own history in full.
      const hnAgain = await hn.post('/api/calls', { channel: 'phone', caller: { phone }, outcome: 'information_only' });
      expect(hnAgain.body.callerHistory.openCases.map((c: { id: string }) => c.id)).to.deep.equal([first.body.case.id]);
    });
  });

  describe('2. a clientRequestId replays only the same user’s call', () => {
    it("another user's key answers 409 naming clientRequestId and reveals nothing", async () => {
      const stack = await apiStack();
      const hn = await stack.login('counsellor.hn@demo.vn');
      const hcm = await stack.login('counsellor.hcm@demo.vn');
      const clientRequestId = randomUUID();
      const phone = freshPhone();
      const logged = await hn.post('/api/calls', callBody({ caller: { phone, name: SECRETS.caller }, notes: SECRETS.notes, clientRequestId }, { subjects: [{ name: SECRETS.child }], summary: SECRETS.summary }));
      expect(logged.status).to.equal(201);

      for (const body of [
        { channel: 'phone', caller: { phone: freshPhone() }, outcome: 'information_only', clientRequestId },
        callBody({ caller: { phone: freshPhone() }, clientRequestId }, { location: { provinceCode: '79' } }),
      ]) {
        const r = await hcm.post('/api/calls', body);
        expect(r.status, JSON.stringify(r.body)).to.equal(409);
        expect(r.body.error.code).to.equal('conflict');
        expect(r.body.error.issues.map((i: { path: string }) => i.path)).to.deep.equal(['clientRequestId']);
        const wire = JSON.stringify(r.body);
        expect(leaked(r.body)).to.deep.equal([]);
        for (const s of [logged.body.call.id, logged.body.case.id, logged.body.case.reference, phone.slice(-6)]) expect(wire).not.to.contain(s);
      }
      // The owner's repeat submit is still a replay.
      const replay = await hn.post('/api/calls', callBody({ caller: { phone, name: SECRETS.caller }, clientRequestId }));
      expect(replay.status).to.equal(200);
      expect(replay.body.call.id).to.equal(logged.body.call.id);
    });

    it('also when the other user’s case is found by the key before its call (a submit racing the first)', async () => {
      const stack = await apiStack();
      const hn = await stack.login('counsellor.hn@demo.vn');
      const hcm = await stack.login('counsellor.hcm@demo.vn');
      const clientRequestId = randomUUID();
      const logged = await hn.post('/api/calls', callBody({ caller: { phone: freshPhone(), name: SECRETS.caller }, clientRequestId }, { summary: SECRETS.summary }));
      expect(logged.status).to.equal(201);
      // As if the first submit's call were not written yet: only its case holds the key.
      const call = await CallModel.collection.findOne({ intakeKey: clientRequestId });
      await CallModel.deleteOne({ intakeKey: clientRequestId });
      const r = await hcm.post('/api/calls', callBody({ caller: { phone: freshPhone() }, clientRequestId }, { location: { provinceCode: '79' } }));
      // The first submit's call is written after all (other suites count the day's calls).
      if (call) await CallModel.collection.insertOne(call);
      expect(r.status, JSON.stringify(r.body)).to.equal(409);
      expect(r.body.error.issues[0].path).to.equal('clientRequestId');
      expect(JSON.stringify(r.body)).not.to.contain(logged.body.case.reference);
      expect(leaked(r.body)).to.deep.equal([]);
    });
  });

  describe('3. without consent a partner gets only what it needs to act', () => {
    it('the case is still routed, and the partner’s view has no names, narrative, address or caller', async () => {
      const { stack, hn, collab, kase, own } = await referredCase({ consent: { given: false, method: 'verbal', notes: SECRETS.notes } });
      const socket = await ConsoleSocket.connect(stack.baseUrl, collab);
      try {
        expect(await socket.emitWithAck('case.watch', { caseId: kase.id })).to.deep.equal({ ok: true });
        const r = await collab.get(`/api/cases/${kase.id}`);
        expect(r.status).to.equal(200);
        expect(leaked(r.body), 'partner view').to.deep.equal([]);
        expect(r.body).to.include({ reference: kase.reference, category: 'child_abuse', riskLevel: 'high', status: 'referred', communeCode: '00004', summary: '', detailsWithheld: true });
        expect(r.body.location).to.include({ communeCode: '00004', address: null });
        expect(r.body.subjects).to.deep.equal([{ ageYears: 7, gender: 'female', group: 'child' }]);
        expect(r.body.callIds).to.deep.equal([]);
        expect(r.body.deadlines).to.be.an('array');
        expect(r.body.referrals.map((x: { id: string }) => x.id)).to.deep.equal([own._id.toHexString()]);
        // Staff still see everything.
        const staff = (await hn.get(`/api/cases/${kase.id}`)).body;
        expect(staff.summary).to.equal(SECRETS.summary);
        expect(staff.subjects[0].name).to.equal(SECRETS.child);

        // The partner's live events while it works the case carry none of it either.
        await hn.post(`/api/cases/${kase.id}/notes`, { text: `${SECRETS.child} đang ở nhà bà ngoại` });
        const accepted = await collab.post(`/api/referrals/${own._id.toHexString()}/accept`, {});
        expect(accepted.status).to.equal(200);
        expect(leaked(accepted.body)).to.deep.equal([]);
        await socket.waitFor('referral.updated', (p) => p.id === own._id.toHexString() && p.status === 'accepted');
        await socket.waitFor('case.updated', (p) => p.case.id === kase.id && p.change === 'case.note_added');
        expect(leaked(socket.events), 'socket events').to.deep.equal([]);
        const after = await collab.get(`/api/cases/${kase.id}`);
        expect(leaked(after.body)).to.deep.equal([]);
        expect(JSON.stringify(after.body)).not.to.contain('nhà bà ngoại');
      } finally {
        socket.close();
      }
    });

    it("with the caller's and (a child of 7) the child's own consent the partner reads the details it needs (names and summary)", async () => {
      const { collab, kase } = await referredCase({ consent: { given: true, method: 'verbal' }, subjects: [{ name: SECRETS.child, ageYears: 7, gender: 'female', ownConsent: true }] });
      const r = await collab.get(`/api/cases/${kase.id}`);
      expect(r.status).to.equal(200);
      expect(r.body.summary).to.equal(SECRETS.summary);
      expect(r.body.subjects[0].name).to.equal(SECRETS.child);
      expect(r.body).not.to.have.property('detailsWithheld');
      expect(r.body).not.to.have.property('routingDecisions');
    });
  });

  describe('4. a partner holds a case only while its referral is open', () => {
    it('after declining, the partner can no longer read, note or watch the case (404), and its console stops hearing it', async () => {
      const { stack, hn, collab, kase, own } = await referredCase({ consent: { given: true, method: 'verbal' } });
      const watching = await ConsoleSocket.connect(stack.baseUrl, collab);
      const staff = await ConsoleSocket.connect(stack.baseUrl, hn);
      try {
        expect((await collab.get(`/api/cases/${kase.id}`)).status).to.equal(200);
        expect((await collab.post(`/api/cases/${kase.id}/notes`, { text: 'Đã nhận thông tin' })).status).to.equal(201);
        expect(await watching.emitWithAck('case.watch', { caseId: kase.id })).to.deep.equal({ ok: true });
        expect(await staff.emitWithAck('case.watch', { caseId: kase.id })).to.deep.equal({ ok: true });

        const declined = await collab.post(`/api/referrals/${own._id.toHexString()}/decline`, { reason: 'Đang bận ca khác' });
        expect(declined.status).to.equal(200);
        const read = await collab.get(`/api/cases/${kase.id}`);
        expect(read.status).to.equal(404);
        expect(leaked(read.body)).to.deep.equal([]);
        expect((await collab.post(`/api/cases/${kase.id}/notes`, { text: 'ghi chú sau khi từ chối' })).status).to.equal(404);

        // Its own referral's card still reaches it; after that its console no longer follows the case.
        await watching.waitFor('referral.updated', (p) => p.id === own._id.toHexString() && p.status === 'declined');
        expect((await hn.post(`/api/cases/${kase.id}/notes`, { text: 'Chuyển cho đối tác khác' })).status).to.equal(201);
        await staff.waitFor('case.updated', (p) => p.case.id === kase.id && p.change === 'case.note_added');
        await sleep(200);
        expect(watching.received('case.updated', (p) => p.case.id === kase.id && p.change === 'case.note_added'), 'declined partner still hears the case').to.have.length(0);
        expect(await watching.emitWithAck('case.watch', { caseId: kase.id })).to.deep.include({ ok: false });
      } finally {
        watching.close();
        staff.close();
      }
      // Its own referral record stays readable to it (the inbox), without the case.
      expect((await collab.get(`/api/referrals/${own._id.toHexString()}`)).body.status).to.equal('declined');
    });
  });

  describe("5. a partner's socket hears only its own referral's cards", () => {
    it("watching the case, a collaborator does not receive another partner's referral.updated; staff do", async () => {
      const { stack, hn, collab, kase, own, others } = await referredCase({ riskLevel: 'emergency', consent: { given: true, method: 'verbal' } });
      expect(others, 'an emergency is offered to two partners at once').to.have.length(1);
      const other = others[0]!;
      const partnerSocket = await ConsoleSocket.connect(stack.baseUrl, collab);
      const staffSocket = await ConsoleSocket.connect(stack.baseUrl, hn);
      try {
        expect(await partnerSocket.emitWithAck('case.watch', { caseId: kase.id })).to.deep.equal({ ok: true });
        expect(await staffSocket.emitWithAck('case.watch', { caseId: kase.id })).to.deep.equal({ ok: true });
        // The other partner declines (by SMS), then ours accepts.
        expect((await answerOffer(stack.api.deps.referrals, other._id, 'decline', 'sms', partnerActor)).outcome).to.equal('declined');
        await staffSocket.waitFor('referral.updated', (p) => p.id === other._id.toHexString());
        expect((await collab.post(`/api/referrals/${own._id.toHexString()}/accept`, {})).status).to.equal(200);
        await partnerSocket.waitFor('referral.updated', (p) => p.id === own._id.toHexString() && p.status === 'accepted');
        await staffSocket.waitFor('referral.updated', (p) => p.id === own._id.toHexString() && p.status === 'accepted');
        const heard = partnerSocket.received('referral.updated');
        expect(heard.every((e) => e.payload.partnerId === own.partnerId.toHexString()), JSON.stringify(heard.map((e) => e.payload.partnerName))).to.equal(true);
        expect(partnerSocket.received('referral.updated', (p) => p.id === other._id.toHexString())).to.have.length(0);
        // Each card is heard once, even though the partner is in its own rooms and the case room.
        expect(partnerSocket.received('referral.updated', (p) => p.id === own._id.toHexString() && p.status === 'accepted')).to.have.length(1);
      } finally {
        partnerSocket.close();
        staffSocket.close();
      }
    });
  });

  describe('6. sign-in is throttled per account and per address', () => {
    async function newAccount(stack: TestStack) {
      const admin = await stack.login('admin@demo.vn');
      const email = `throttle.${unique()}@ctxh.vn`;
      const password = 'mat-khau-dai-1';
      const r = await admin.post('/api/users', { email, name: 'Tài khoản thử', role: 'counsellor', provinces: ['01'], password });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      return { email, password };
    }
    // Each test signs in from its own address (the API trusts X-Forwarded-For from loopback), so counts do not mix.
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const login = (stack: TestStack, email: string, password: string, ip: string) => new HttpClient(stack.baseUrl).post('/api/auth/login', { email, password }, from(ip));

    it('five failures lock the account for the window: 429 with Retry-After even with the right password', async () => {
      const stack = await apiStack();
      const { email, password } = await newAccount(stack);
      const ip = `198.51.100.${10 + Math.floor(Math.random() * 200)}`;
      for (let i = 0; i < 5; i++) expect((await login(stack, email, `sai-${i}`, ip)).status, `failure ${i + 1}`).to.equal(401);
      for (const [pw, what] of [['sai-6', 'a wrong password'], [password, 'the right password']] as const) {
        const r = await login(stack, email, pw, ip);
        expect(r.status, what).to.equal(429);
        expect(r.body.error.code).to.equal('rate_limited');
        expect(r.body.error.message).to.match(/too many failed sign-ins/i);
        const retryAfter = Number(r.headers.get('retry-after'));
        expect(retryAfter).to.be.greaterThan(0).and.at.most(stack.env.LOGIN_FAILURE_WINDOW_SECONDS);
        expect(r.headers.getSetCookie(), 'no session').to.deep.equal([]);
      }
      // The lock follows the account, not the address it was attacked from.
      expect((await login(stack, email, password, '198.51.100.250')).status).to.equal(429);
      // Other accounts are not affected.
      const other = await newAccount(stack);
      expect((await login(stack, other.email, other.password, ip)).status).to.equal(200);
      // Unknown emails are counted the same way (a 429 does not tell which accounts exist).
      const nobody = `nobody.${unique()}@ctxh.vn`;
      for (let i = 0; i < 5; i++) expect((await login(stack, nobody, 'x', `203.0.113.${i + 1}`)).status).to.equal(401);
      expect((await login(stack, nobody, 'x', '203.0.113.99')).status).to.equal(429);
    });

    it('a successful sign-in resets the account’s count', async () => {
      const stack = await apiStack();
      const { email, password } = await newAccount(stack);
      const ip = `198.51.100.${10 + Math.floor(Math.random() * 200)}`;
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 4; i++) expect((await login(stack, email, `sai-${i}`, ip)).status).to.equal(401);
        expect((await login(stack, email, password, ip)).status, `round ${round}`).to.equal(200);
      }
    });

    it('an address that fails too often is refused for every account', async () => {
      const stack = await apiStack();
      const { email, password } = await newAccount(stack);
      const ip = `192.0.2.${10 + Math.floor(Math.random() * 200)}`;
      const limit = stack.env.LOGIN_MAX_FAILURES_PER_IP;
      // Spread over many emails so that no account reaches its own limit.
      for (let i = 0; i < limit; i += 10) {
        const batch = Array.from({ length: Math.min(10, limit - i) }, (_, j) => login(stack, `spray.${i + j}.${unique()}@ctxh.vn`, 'demo1234', ip));
        for (const r of await Promise.all(batch)) expect(r.status).to.equal(401);
      }
      const refused = await login(stack, email, password, ip);
      expect(refused.status).to.equal(429);
      expect(refused.body.error.message).to.match(/from this address/);
      expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
      expect((await login(stack, email, password, '192.0.2.250')).status, 'the account itself is fine').to.equal(200);
    });

    it('the counts live in Redis under the app’s prefix, with no email in the keys', async () => {
      const stack = await apiStack();
      const { email } = await newAccount(stack);
      await login(stack, email, 'sai', '198.51.100.7');
      const keys = await stack.api.deps.redis.keys(`${stack.env.BULLMQ_PREFIX}:login-failures:*`);
      expect(keys.some((k) => k.startsWith(`${stack.env.BULLMQ_PREFIX}:login-failures:account:`))).to.equal(true);
      expect(keys.some((k) => k === `${stack.env.BULLMQ_PREFIX}:login-failures:ip:198.51.100.7`)).to.equal(true);
      expect(keys.join(' ')).not.to.contain(email);
    });
  });

  describe('7. Twilio status callbacks with a prototype property name as status', () => {
    const post = async (stack: TestStack, path: string, params: Record<string, string>) => {
      const url = `${stack.baseUrl}${path}`;
      return fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilioRequest(stack.env.TWILIO_AUTH_TOKEN, url, params) },
        body: new URLSearchParams(params),
      });
    };

    for (const status of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'bogus']) {
      it(`MessageStatus / CallStatus "${status}" is ignored (2xx), changing nothing`, async () => {
        const stack = await apiStack();
        const sid = `SM${randomUUID().replace(/-/g, '')}`;
        expect(await recordInbound(sid, 'sms', null)).to.equal(true);
        const before = await MessageModel.findOne({ providerId: sid }).lean();
        const sms = await post(stack, '/webhooks/twilio/status', { MessageSid: sid, MessageStatus: status, AccountSid: stack.env.TWILIO_ACCOUNT_SID });
        expect(sms.status, await sms.clone().text()).to.be.within(200, 299);
        const voice = await post(stack, '/webhooks/twilio/voice/status', { CallSid: sid, CallStatus: status, AccountSid: stack.env.TWILIO_ACCOUNT_SID });
        expect(voice.status).to.be.within(200, 299);
        const after = await MessageModel.findOne({ providerId: sid }).lean();
        expect({ status: after?.status, statusRank: after?.statusRank }).to.deep.equal({ status: before?.status, statusRank: before?.statusRank });
      });
    }

    it('an unsigned one is still refused (403)', async () => {
      const stack = await apiStack();
      const r = await fetch(`${stack.baseUrl}/webhooks/twilio/status`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ MessageSid: 'SM1', MessageStatus: '__proto__' }) });
      expect(r.status).to.equal(403);
    });
  });

  describe('8. text fields refuse NUL characters and unpaired surrogates', () => {
    it('a note or a call with them answers 400 naming the field, and writes nothing', async () => {
      const stack = await apiStack();
      const hn = await stack.login('counsellor.hn@demo.vn');
      const before = await CallModel.countDocuments();
      // JSON escapes: what a hostile client sends.
      const nul = await hn.request('POST', '/api/calls', '{"channel":"phone","outcome":"information_only","caller":{"name":"Chị\\u0000Lan"}}');
      expect(nul.status).to.equal(400);
      expect(nul.body.error.issues[0].path).to.equal('caller.name');
      const lone = await hn.request('POST', '/api/calls', '{"channel":"phone","outcome":"information_only","notes":"ghi chú \\ud800"}');
      expect(lone.status).to.equal(400);
      expect(lone.body.error.issues[0].path).to.equal('notes');
      expect(await CallModel.countDocuments()).to.equal(before);
      const opened = await hn.post('/api/calls', callBody({ caller: { phone: freshPhone() } }));
      const note = await hn.request('POST', `/api/cases/${opened.body.case.id}/notes`, '{"text":"\\udc00 ghi chú"}');
      expect(note.status).to.equal(400);
      expect(note.body.error.issues[0].path).to.equal('text');
    });
  });
});
