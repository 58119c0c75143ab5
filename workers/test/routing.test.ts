/**
 * Routing end to end: real workers, real Redis, the database, and the fake
 * Twilio over HTTP through the real SDK. Province 01's demo partners are
 * paused for this suite; it creates its own partners so the order is known.
 */
import { expect } from 'chai';
import { CaseModel, loadOfficialCommunes, MessageModel, PartnerModel, ReferralModel } from '@hotline/db';
import { createTwilioClient, FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, signTwilioRequest } from '@hotline/telephony';
import { ConsoleSocket, sleep, waitFor, WorkerProcess, type HttpClient, type TestStack } from '@hotline/testing';
import { freshPhone, workersStack } from './stack';

const communes = loadOfficialCommunes().filter((w) => w.province_code === '01').map((w) => w.ward_code);
const C1 = communes[20]!;
const C2 = communes[21]!;
const SMS_FIRST = '+84099000001';
const VOICE_FIRST = '+84099000002';
const CATS = ['child_abuse', 'sexual_abuse', 'abandoned_child'];

async function fake(stack: TestStack, path: string, body?: unknown) {
  const res = await fetch(stack.twilioUrl + path, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

const referralsOf = (caseId: string) => ReferralModel.find({ caseId }).sort({ round: 1, offeredAt: 1 }).lean();

describe('routing referrals to collaborators and facilities', function () {
  let stack: TestStack;
  let admin: HttpClient;
  let counsellor: HttpClient;
  let workers: WorkerProcess;
  const partnerIds: Record<string, string> = {};

  const openCase = async (over: Record<string, unknown> = {}) => {
    const r = await counsellor.post('/api/calls', {
      channel: 'phone',
      caller: { phone: freshPhone(), name: 'Chị Hạnh', relationship: 'neighbour' },
      outcome: 'case_opened',
      case: { category: 'child_abuse', riskLevel: 'high', subjects: [{ name: 'Bé Khánh', ageYears: 7 }], location: { provinceCode: '01', communeCode: C1 }, summary: 'Bé Khánh bị cha đánh nhiều lần', ...over },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.case as { id: string; reference: string };
  };

  before(async () => {
    stack = await workersStack();
    admin = await stack.login('admin@demo.vn');
    counsellor = await stack.login('counsellor.hn@demo.vn');
    await PartnerModel.updateMany({ provinceCode: '01' }, { $set: { paused: true } });
    for (const [key, phone, channels, area] of [['sms', SMS_FIRST, ['sms', 'voice'], [C1]], ['voice', VOICE_FIRST, ['voice', 'sms'], [C2]]] as const) {
      const r = await admin.post('/api/partners', { name: `Test CTV ${key}`, kind: 'collaborator', type: 'commune_collaborator', phones: [phone], categories: CATS, area: { provinceCode: '01', communeCodes: area }, channels });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      partnerIds[key] = r.body.id;
    }
    workers = await stack.startWorkers();
  });
  after(async () => {
    await workers?.stop('SIGTERM');
    await PartnerModel.updateMany({ provinceCode: '01', name: { $not: /^Test CTV/ } }, { $set: { paused: false } });
    await PartnerModel.updateMany({ name: /^Test CTV/ }, { $set: { active: false } });
  });

  it('offers a case to the collaborator covering its commune; the SMS (listed through the Twilio SDK) has the reference and no personal data', async () => {
    const kase = await openCase();
    const referral = await waitFor('a referral', async () => (await referralsOf(kase.id))[0]);
    expect(referral.partnerId.toHexString()).to.equal(partnerIds.sms);
    const client = createTwilioClient({ accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN, fakeBaseUrl: stack.twilioUrl });
    const sms = await waitFor('the SMS', async () => (await client.messages.list({ to: SMS_FIRST })).find((m) => m.body.includes(kase.reference)));
    expect(sms.body).to.contain(referral.code);
    for (const secret of ['Khánh', 'Hạnh', 'đánh', '7 tuổi']) expect(sms.body).not.to.contain(secret);
    const view = (await counsellor.get(`/api/cases/${kase.id}`)).body;
    expect(view.status).to.equal('referred');
    expect(view.referrals[0].reason).to.include({ partnerId: partnerIds.sms, rank: 1, tier: 0 });
    expect(view.routingDecisions.map((d: any) => d.round)).to.deep.equal([1]);
    const reasons = view.routingDecisions[0].candidates;
    expect(reasons.find((c: any) => c.partnerId === partnerIds.sms)).to.include({ rank: 1, tier: 0 });
    expect(reasons.find((c: any) => c.partnerId === partnerIds.voice)).to.include({ rank: 2, tier: 1 });
    expect(reasons.some((c: any) => c.excluded === 'paused'), 'paused partners are listed with their reason').to.equal(true);
  });

  it('decline by SMS reply goes to the next candidate; accept by a voice call answered with 1 moves the case to accepted, and the counsellor hears it', async () => {
    const socket = await ConsoleSocket.connect(stack.baseUrl, counsellor);
    try {
      const kase = await openCase();
      const first = await waitFor('the first offer', async () => (await referralsOf(kase.id))[0]);
      await waitFor('its SMS', async () => (await MessageModel.findOne({ referralId: first._id, channel: 'sms' }).lean())?.providerId);
      const reply = await fake(stack, '/_fake/inbound-sms', { from: SMS_FIRST, to: '+15005550006', body: `Không ${first.code.toLowerCase()}`, url: `${stack.baseUrl}/webhooks/twilio/sms` });
      expect(reply.body.status).to.equal(200);
      expect(reply.body.body).to.contain('từ chối');
      const second = await waitFor('the offer to the next candidate', async () => (await referralsOf(kase.id)).find((r) => r.round === 2));
      expect(second.partnerId.toHexString()).to.equal(partnerIds.voice);
      expect((await ReferralModel.findById(first._id).lean())?.status).to.equal('declined');
      const call = await waitFor('the voice call', async () => (await fake(stack, '/_fake/calls')).body.calls.find((c: any) => c.to === VOICE_FIRST && c.url.includes(second._id.toHexString())));
      const answered = await fake(stack, `/_fake/calls/${call.sid}/answer`, { digits: '1' });
      expect(answered.status).to.equal(200);
      expect(answered.body.said.join(' ')).to.contain(kase.reference.split('-')[0]);
      expect((await ReferralModel.findById(second._id).lean())?.status).to.equal('accepted');
      const heard = await socket.waitFor('case.updated', (p) => p.case.id === kase.id && p.case.status === 'accepted');
      expect(heard.change).to.equal('referral.accepted');
      const timeline = (await counsellor.get(`/api/cases/${kase.id}`)).body.timeline.map((e: any) => e.type);
      expect(timeline).to.include.members(['referral.offered', 'referral.declined', 'referral.accepted']);
    } finally {
      socket.close();
    }
  });

  it('emergency: offered to the top two at once; the first to accept wins and the other offer is withdrawn', async () => {
    const kase = await openCase({ riskLevel: 'emergency' });
    const offers = await waitFor('two offers', async () => {
      const rs = await referralsOf(kase.id);
      return rs.length === 2 ? rs : null;
    });
    expect(offers.map((r) => r.partnerId.toHexString()).sort()).to.deep.equal([partnerIds.sms, partnerIds.voice].sort());
    const viaSms = offers.find((r) => r.partnerId.toHexString() === partnerIds.sms)!;
    const r = await fake(stack, '/_fake/inbound-sms', { from: SMS_FIRST, to: '+15005550006', body: `1 ${viaSms.code}`, url: `${stack.baseUrl}/webhooks/twilio/sms` });
    expect(r.body.body).to.contain('đã nhận ca');
    const other = offers.find((x) => x !== viaSms)!;
    await waitFor('the other offer withdrawn', async () => (await ReferralModel.findById(other._id).lean())?.status === 'withdrawn');
    expect((await CaseModel.findById(kase.id).lean())?.status).to.equal('accepted');
    expect((await CaseModel.findById(kase.id).lean())?.acceptedReferralId?.toHexString()).to.equal(viaSms._id.toHexString());
  });

  it('no candidate: the case goes to the unroutable queue with a realtime alert to the province', async () => {
    const supervisor = await stack.login('supervisor.hn@demo.vn');
    const socket = await ConsoleSocket.connect(stack.baseUrl, supervisor);
    try {
      const kase = await openCase({ category: 'mental_illness', riskLevel: 'medium', subjects: [{ ageYears: 40 }] });
      const alert = await socket.waitFor('routing.unroutable', (p) => p.case.id === kase.id);
      expect(alert.case.reference).to.equal(kase.reference);
      expect(alert.cause, 'the alert says why, as a code the console words').to.equal('every_partner_excluded');
      const queue = (await supervisor.get('/api/cases?routing=unroutable')).body.items.map((c: any) => c.id);
      expect(queue).to.include(kase.id);
      expect((await counsellor.get(`/api/cases/${kase.id}`)).body.timeline.map((e: any) => e.type)).to.include('routing.unroutable');
    } finally {
      socket.close();
    }
  });

  it('a bad webhook signature gets 403 and changes nothing; a replayed SMS reply makes no second transition', async () => {
    const kase = await openCase();
    const offer = await waitFor('an offer', async () => (await referralsOf(kase.id))[0]);
    const url = `${stack.baseUrl}/webhooks/twilio/sms`;
    const params = { MessageSid: `SM${'a'.repeat(32)}`, From: SMS_FIRST, To: '+15005550006', Body: `1 ${offer.code}`, AccountSid: FAKE_ACCOUNT_SID };
    const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilioRequest('wrong-token', url, params) }, body: new URLSearchParams(params) });
    expect(forged.status).to.equal(403);
    expect((await ReferralModel.findById(offer._id).lean())?.status).to.equal('offered');

    const accepted = await fake(stack, '/_fake/inbound-sms', { from: SMS_FIRST, to: '+15005550006', body: `CO ${offer.code}`, url });
    expect(accepted.body.body).to.contain('đã nhận ca');
    const eventsAfterFirst = (await counsellor.get(`/api/cases/${kase.id}`)).body.timeline.length;
    const replay = await fake(stack, '/_fake/replay-last', {});
    expect(replay.status).to.equal(200);
    await sleep(200);
    expect((await counsellor.get(`/api/cases/${kase.id}`)).body.timeline.length, 'no new timeline events').to.equal(eventsAfterFirst);
    expect((await ReferralModel.findById(offer._id).lean())?.status).to.equal('accepted');
  });

  it('only the partner’s own console user may answer from the console (403 for anyone else)', async () => {
    const kase = await openCase();
    const offer = await waitFor('an offer', async () => (await referralsOf(kase.id))[0]);
    const collaborator = await stack.login('collaborator.hn@demo.vn');
    expect((await collaborator.post(`/api/referrals/${offer._id}/accept`, {})).status).to.equal(403);
    expect((await counsellor.post(`/api/referrals/${offer._id}/accept`, {})).status).to.equal(403);
    expect((await ReferralModel.findById(offer._id).lean())?.status).to.equal('offered');
  });

  it('a partner whose SMS is not acted on within the offer window gets the voice call next', async () => {
    await workers.stop('SIGTERM');
    const quick = await stack.startWorkers({ OFFER_WINDOW_SECONDS: '2' });
    try {
      const c = await stack.login('counsellor.hn@demo.vn');
      const r = await c.post('/api/calls', { channel: 'phone', caller: { phone: freshPhone() }, outcome: 'case_opened', case: { category: 'sexual_abuse', riskLevel: 'medium', subjects: [{ ageYears: 12 }], location: { provinceCode: '01', communeCode: C1 }, summary: 'x' } });
      const offer = await waitFor('an offer', async () => (await referralsOf(r.body.case.id))[0]);
      expect(offer.channels).to.deep.equal(['sms', 'voice']);
      const messages = await waitFor('SMS then voice', async () => {
        const ms = await MessageModel.find({ referralId: offer._id }).sort({ createdAt: 1 }).lean();
        return ms.length === 2 && ms[1]!.providerId ? ms : null;
      }, 20_000);
      expect(messages.map((m) => m.channel)).to.deep.equal(['sms', 'voice']);
      const calls = (await fake(stack, '/_fake/calls')).body.calls.filter((x: any) => x.url.includes(offer._id.toHexString()));
      expect(calls).to.have.length(1);
    } finally {
      await quick.stop('SIGTERM');
      workers = await stack.startWorkers();
    }
  });

  it('a worker SIGKILLed between creating the referral and sending the SMS: after restart exactly one referral and one SMS', async () => {
    await workers.stop('SIGTERM');
    const c = await stack.login('counsellor.hn@demo.vn');
    const r = await c.post('/api/calls', { channel: 'phone', caller: { phone: freshPhone() }, outcome: 'case_opened', case: { category: 'abandoned_child', riskLevel: 'high', subjects: [{ ageYears: 1 }], location: { provinceCode: '01', communeCode: C1 }, summary: 'x' } });
    const caseId: string = r.body.case.id;
    // Each doomed worker dies right after inserting a referral (earlier tests may leave routing work queued first).
    for (let i = 0; i < 6 && (await ReferralModel.countDocuments({ caseId })) === 0; i++) {
      const doomed = new WorkerProcess(stack.childEnv({ HOTLINE_FAULTS: 'routing.after-referral:kill' }));
      doomed.ready.catch(() => {}); // it may die before it says it is ready
      expect(await doomed.exited, 'the worker died at the fault point').to.equal(null);
    }
    expect(await ReferralModel.countDocuments({ caseId })).to.equal(1);
    expect((await fake(stack, '/_fake/messages')).body.messages.filter((m: any) => m.body.includes(r.body.case.reference)), 'no SMS before the restart').to.have.length(0);
    workers = await stack.startWorkers();
    {
      await waitFor('the SMS after restart', async () => (await fake(stack, '/_fake/messages')).body.messages.some((m: any) => m.body.includes(r.body.case.reference)), 30_000, 200);
      await sleep(1500);
      expect(await ReferralModel.countDocuments({ caseId })).to.equal(1);
      expect((await fake(stack, '/_fake/messages')).body.messages.filter((m: any) => m.body.includes(r.body.case.reference))).to.have.length(1);
      expect((await CaseModel.findById(caseId).lean())?.status).to.equal('referred');
    }
  });
});
