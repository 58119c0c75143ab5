/**
 * SLA deadlines end to end: real workers (policy minutes last one second),
 * real Redis, the database, the fake Twilio. Province 01's other partners are
 * paused for domestic_violence; the suite makes its own two collaborators.
 */
import { expect } from 'chai';
import { defaultSlaPolicies, vietnamWallClock, type TSlaPolicySet } from '@hotline/core';
import { CaseModel, DeadlineModel, loadOfficialCommunes, markCaseTriaged, PartnerModel, ReferralModel, SYSTEM_ACTOR, TimelineEventModel } from '@hotline/db';
import { jobIds, QUEUE_NAMES } from '@hotline/queue';
import { OVERDUE_GRACE_MS, REBUILD_MARKER, syncCaseDeadlines, type ReferralDeps } from '@hotline/referrals';
import { Redis } from 'ioredis';
import { ConsoleSocket, sleep, waitFor, type HttpClient, type TestStack, type WorkerProcess } from '@hotline/testing';
import { freshPhone, workersStack } from './stack';

const communes = loadOfficialCommunes().filter((w) => w.province_code === '01').map((w) => w.ward_code);
const C_A = communes[30]!;
const C_B = communes[31]!;
const PHONE_A = '+84099100001';
const PHONE_B = '+84099100002';
const SLA_MINUTE_MS = 1000;
const SLA_ENV = { SLA_MINUTE_MS: String(SLA_MINUTE_MS), RECONCILE_EVERY_MS: '3000' };
/** Waits are generous: the database here is shared and slow under load; nothing below asserts a duration. */
const LONG = 120_000;

/** Short policies for domestic_violence (a policy minute lasts SLA_MINUTE_MS), around the clock. */
function testPolicies(): TSlaPolicySet {
  const set = defaultSlaPolicies();
  for (const p of set.policies) {
    if (p.category !== 'domestic_violence') continue;
    p.clock = 'around_the_clock';
    // Low risk: the Redis-loss test's 50 cases must still be pending when Redis is flushed, a few seconds after planning.
    p.acceptWithinMinutes = p.riskLevel === 'low' ? 60 : 15;
    p.firstContactWithinMinutes = 600;
    p.reminderFractions = [0.5, 0.8];
    p.escalation.accept = [{ action: 'reoffer', afterMinutes: 0 }, { action: 'supervisor', afterMinutes: 1 }, { action: 'province_manager', afterMinutes: 2 }];
    if (p.riskLevel === 'low') {
      // The bulk cases of the Redis-loss test: one breach and one alert each, nothing else.
      p.reminderFractions = [];
      p.escalation.accept = [{ action: 'supervisor', afterMinutes: 0 }];
    }
  }
  return set;
}

async function fakeMessages(stack: TestStack): Promise<{ to: string; body: string }[]> {
  return ((await (await fetch(`${stack.twilioUrl}/_fake/messages`)).json()) as any).messages;
}
const reminderSms = async (stack: TestStack, reference: string) => (await fakeMessages(stack)).filter((m) => m.body.includes('Nhắc hạn') && m.body.includes(reference));
const slaEvents = (caseId: string) => TimelineEventModel.find({ caseId, type: /^sla\./ }).sort({ at: 1 }).lean();
const hhmm = (ms: number) => {
  const m = Math.floor(vietnamWallClock(ms).minuteOfDay);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

describe('SLA deadlines: reminders, breaches and escalation that survive worker and Redis loss', function () {
  // The Redis-loss test waits out real policy windows for 50 cases on a shared database.
  this.timeout(360_000);
  let stack: TestStack;
  let admin: HttpClient;
  let counsellor: HttpClient;
  let supervisor: HttpClient;
  let workers: WorkerProcess;

  const openCase = async (riskLevel: string, communeCode = C_A) => {
    const r = await counsellor.post('/api/calls', {
      channel: 'phone', caller: { phone: freshPhone(), relationship: 'neighbour' }, outcome: 'case_opened',
      case: { category: 'domestic_violence', riskLevel, subjects: [{ name: 'Chị Mai', ageYears: 35 }], location: { provinceCode: '01', communeCode }, summary: 'Chị Mai bị chồng đánh' },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.case as { id: string; reference: string };
  };
  const acceptDeadline = (caseId: string) => waitFor('the accept deadline', async () => DeadlineModel.findOne({ caseId, key: 'accept' }).lean(), LONG);
  const setSettings = async (quietHours: Record<string, unknown>) => {
    const r = await admin.put('/api/sla-policies', { policySet: testPolicies(), quietHours });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
  };
  const closeCase = (id: string) => supervisor.post(`/api/cases/${id}/status`, { to: 'closed', reason: 'test done' });

  before(async () => {
    stack = await workersStack();
    admin = await stack.login('admin@demo.vn');
    counsellor = await stack.login('counsellor.hn@demo.vn');
    supervisor = await stack.login('supervisor.hn@demo.vn');
    await PartnerModel.updateMany({ provinceCode: '01', categories: 'domestic_violence' }, { $set: { paused: true } });
    for (const [key, phone, commune] of [['A', PHONE_A, C_A], ['B', PHONE_B, C_B]] as const) {
      const r = await admin.post('/api/partners', { name: `SLA CTV ${key}`, kind: 'collaborator', type: 'commune_collaborator', phones: [phone], categories: ['domestic_violence'], area: { provinceCode: '01', communeCodes: [commune] }, channels: ['sms'] });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
    await setSettings({ enabled: false });
    workers = await stack.startWorkers(SLA_ENV);
  });
  after(async () => {
    await workers?.stop('SIGTERM');
    await PartnerModel.updateMany({ name: /^SLA CTV/ }, { $set: { active: false } });
    await PartnerModel.updateMany({ provinceCode: '01', name: { $not: /^(SLA|Test) CTV/ } }, { $set: { paused: false } });
    await CaseModel.updateMany({ category: 'domestic_violence' }, { $set: { status: 'closed' } });
    await DeadlineModel.updateMany({ state: { $in: ['pending', 'breached'] } }, { $set: { state: 'cancelled', nextAt: null } });
  });

  it('admin edits policies (400 names the field, 403 for others); the case view lists its deadlines', async () => {
    const bad = testPolicies() as any;
    bad.policies[0].acceptWithinMinutes = 0;
    const r400 = await admin.put('/api/sla-policies', { policySet: bad });
    expect(r400.status).to.equal(400);
    expect(JSON.stringify(r400.body)).to.contain('policySet.policies.0.acceptWithinMinutes');
    expect((await supervisor.put('/api/sla-policies', { policySet: testPolicies() })).status).to.equal(403);
    // Two admins editing the version they read: one save wins, the other is told to reload (409), never a silent undo.
    const { version } = (await admin.get('/api/sla-policies')).body;
    const both = await Promise.all([0, 1].map(() => admin.put('/api/sla-policies', { policySet: testPolicies(), version })));
    expect(both.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    expect(both.find((r) => r.status === 200)!.body.version).to.equal(version + 1);
    expect(JSON.stringify(both.find((r) => r.status === 409)!.body)).to.contain('"path":"version"');
    expect((await admin.get('/api/sla-policies')).body.version).to.equal(version + 1);
    const read = await counsellor.get('/api/sla-policies');
    expect(read.status).to.equal(200);
    expect(read.body.policySet.policies.find((p: any) => p.category === 'domestic_violence' && p.riskLevel === 'high').acceptWithinMinutes).to.equal(15);
    const collaborator = await stack.login('collaborator.hn@demo.vn');
    expect((await collaborator.get('/api/sla/overview')).status).to.equal(403);
    expect((await collaborator.get('/api/sla/breaches')).status).to.equal(403);
    expect((await supervisor.get('/api/sla/breaches?province=79')).status).to.equal(403);
  });

  it('reminders at 50 % and 80 %, then the breach, then reoffer → supervisor → province manager, in order, each on the timeline and the sockets', async () => {
    const socket = await ConsoleSocket.connect(stack.baseUrl, supervisor);
    try {
      const kase = await openCase('high');
      const events = await waitFor('the whole escalation chain', async () => {
        const es = await slaEvents(kase.id);
        return es.filter((e) => e.type === 'sla.escalated').length === 3 ? es : null;
      }, LONG, 200);
      const steps = events.filter((e) => e.data.key === 'accept').map((e) => (e.type === 'sla.escalated' ? `escalated:${e.data.action}` : e.type === 'sla.reminder' ? `reminder:${e.data.index}` : e.type));
      expect(steps).to.deep.equal(['reminder:0', 'reminder:1', 'sla.breached', 'escalated:reoffer', 'escalated:supervisor', 'escalated:province_manager']);
      expect((await reminderSms(stack, kase.reference)).map((m) => m.to)).to.deep.equal([PHONE_A, PHONE_A]);
      for (const sms of await reminderSms(stack, kase.reference)) expect(sms.body).not.to.match(/Mai|đánh/);
      const round2 = await waitFor('the reoffer to the next candidate', async () => ReferralModel.findOne({ caseId: kase.id, round: 2 }).lean(), LONG);
      expect((await PartnerModel.findById(round2.partnerId).lean())?.name).to.equal('SLA CTV B');
      await socket.waitFor('sla.warning', (p) => p.case.id === kase.id && p.deadline.key === 'accept', LONG);
      await socket.waitFor('sla.breached', (p) => p.case.id === kase.id && !p.escalation, LONG);
      await socket.waitFor('sla.breached', (p) => p.case.id === kase.id && p.escalation?.action === 'supervisor', LONG);
      const view = (await counsellor.get(`/api/cases/${kase.id}`)).body;
      const accept = view.deadlines.find((d: any) => d.key === 'accept');
      expect(accept).to.include({ kind: 'accept', state: 'breached', escalationLevel: 3, remindersSent: 2 });
      expect(view.deadlines.find((d: any) => d.key === 'first_contact')).to.include({ state: 'pending' });
      const breaches = await supervisor.get(`/api/sla/breaches?category=domestic_violence&kind=accept`);
      expect(breaches.status).to.equal(200);
      expect(breaches.body.items.map((b: any) => b.deadline.caseId)).to.include(kase.id);
      const overview = await supervisor.get('/api/sla/overview');
      const row = overview.body.rows.find((r: any) => r.provinceCode === '01' && r.category === 'domestic_violence');
      expect(row.open.breached).to.be.greaterThan(0);
      expect(row.breachesToday).to.be.greaterThan(0);
      await closeCase(kase.id);
      await waitFor('closing cancels what still runs', async () => (await DeadlineModel.find({ caseId: kase.id, state: 'pending' }).lean()).length === 0, LONG);
    } finally {
      socket.close();
    }
  });

  it('accepting before the deadline cancels its timer: no reminder, no reminder SMS', async () => {
    const kase = await openCase('high');
    const offer = await waitFor('the offer', async () => ReferralModel.findOne({ caseId: kase.id }).lean(), LONG);
    const before = await acceptDeadline(kase.id);
    expect(before.state).to.equal('pending');
    const timerId = jobIds.slaTimer(before._id.toHexString(), before.nextAt!.getTime());
    await waitFor('the reminder timer is armed', async () => (await stack.producers.queue(QUEUE_NAMES.sla).getJob(timerId)) ?? null, LONG);
    await fetch(`${stack.twilioUrl}/_fake/inbound-sms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: PHONE_A, to: '+15005550006', body: `1 ${offer.code}`, url: `${stack.baseUrl}/webhooks/twilio/sms` }) });
    await waitFor('the SMS acceptance', async () => (await ReferralModel.findById(offer._id).lean())?.status === 'accepted', LONG);
    expect(Date.now(), 'accepted before the deadline').to.be.lessThan(before.dueAt.getTime());
    const met = await waitFor('the accept deadline met', async () => {
      const d = await DeadlineModel.findById(before._id).lean();
      return d?.state === 'met' ? d : null;
    }, LONG);
    expect(met.nextAt).to.equal(null);
    await waitFor('the timer was removed', async () => (await stack.producers.queue(QUEUE_NAMES.sla).getJob(timerId)) === undefined, LONG);
    // Past the time the reminders and the breach would have fired:
    while (Date.now() < before.dueAt.getTime() + 1500) await sleep(250);
    expect((await slaEvents(kase.id)).filter((e) => e.data.key === 'accept')).to.have.length(0);
    expect(await reminderSms(stack, kase.reference)).to.have.length(0);
    await closeCase(kase.id);
  });

  it('quiet hours hold a non-emergency reminder SMS and not an emergency one', async () => {
    const now = Date.now();
    await setSettings({ enabled: true, from: hhmm(now - 3600_000), to: hhmm(now + 3600_000), exemptRiskLevels: [] });
    try {
      const high = await openCase('high');
      const emergency = await openCase('emergency', C_B);
      const firstReminder = (caseId: string) => waitFor(`the first reminder of ${caseId}`, async () => (await slaEvents(caseId)).find((e) => e.type === 'sla.reminder' && e.data.key === 'accept'), LONG, 100);
      const [heldEvent, sentEvent] = await Promise.all([firstReminder(high.id), firstReminder(emergency.id)]);
      expect(heldEvent.data.sms).to.equal('held');
      expect(String(heldEvent.data.smsReleaseAt)).to.match(/^\d{4}-/);
      expect(new Date(String(heldEvent.data.smsReleaseAt)).getTime()).to.be.greaterThan(now);
      expect(sentEvent.data.sms).to.equal('send');
      await waitFor('the emergency reminder SMS', async () => (await reminderSms(stack, emergency.reference)).length > 0, LONG);
      expect(await reminderSms(stack, high.reference), 'held: not sent').to.have.length(0);
      expect((await DeadlineModel.findOne({ caseId: high.id, key: 'accept' }).lean())?.heldSms).to.not.equal(null);
      await closeCase(high.id);
      await closeCase(emergency.id);
    } finally {
      await setSettings({ enabled: false });
    }
  });

  it('Redis loses every key while 50 deadlines are pending: after the reconciler runs, every one fires once', async function () {
    // Planning 50 cases, a two-minute policy window, then 50 breaches on a shared database.
    this.timeout(900_000);
    // Planned from here with the workers stopped (the shared database is slow to triage 50 cases under load).
    await workers.stop('SIGTERM');
    const deps: ReferralDeps = { ...stack.api.deps.referrals, env: { ...stack.env, SLA_MINUTE_MS }, realtime: { emit() {} }, log() {} };
    const cases = [];
    for (let i = 0; i < 50; i += 10) cases.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => openCase('low', (i + j) % 2 ? C_A : C_B)))));
    const ids = cases.map((c) => c.id);
    for (const id of ids) {
      await markCaseTriaged(id, SYSTEM_ACTOR, {});
      await syncCaseDeadlines(deps, id);
    }
    expect(await DeadlineModel.countDocuments({ caseId: { $in: ids }, key: 'accept', state: 'pending', nextAt: { $ne: null } })).to.equal(50);
    const markerKey = `${stack.settings.prefix}:${QUEUE_NAMES.sla}:${REBUILD_MARKER}`;
    workers = await stack.startWorkers(SLA_ENV);
    const redis = new Redis(stack.settings.redisUrl);
    try {
      // FLUSHALL, limited to this run's keys: the Redis here is shared with other test runs.
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${stack.settings.prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
      expect(await DeadlineModel.countDocuments({ caseId: { $in: ids }, key: 'accept', state: 'pending' }), 'flushed while pending').to.equal(50);
      await waitFor('the reconciler rebuilt the timers', async () => redis.exists(markerKey), LONG, 200);
    } finally {
      redis.disconnect();
    }
    // The last deadline falls due a policy window after it was planned; wait from then, not from now.
    const lastDue = Math.max(...(await DeadlineModel.find({ caseId: { $in: ids }, key: 'accept' }).lean()).map((d) => d.dueAt.getTime()));
    const untilAllDue = Math.max(0, lastDue + OVERDUE_GRACE_MS - Date.now());
    await waitFor('all 50 breached', async () => (await DeadlineModel.countDocuments({ caseId: { $in: ids }, key: 'accept', breachedAt: { $ne: null } })) === 50, untilAllDue + LONG, 250).catch(async (err: Error) => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync('/tmp/sla-flush-worker.log', workers.log());
      throw err;
    });
    const perCase = await waitFor('50 breach records on the timelines', async () => {
      const breachEvents = await TimelineEventModel.find({ caseId: { $in: ids }, type: 'sla.breached', 'data.key': 'accept' }).lean();
      const counts = new Map<string, number>();
      for (const e of breachEvents) counts.set(e.caseId.toHexString(), (counts.get(e.caseId.toHexString()) ?? 0) + 1);
      return counts.size === 50 ? counts : null;
    }, LONG, 250);
    expect([...perCase.values()].every((n) => n === 1), 'none twice').to.equal(true);
    for (const id of ids) await CaseModel.updateOne({ _id: id }, { $set: { status: 'closed', closedAt: new Date() } });
    await DeadlineModel.updateMany({ caseId: { $in: ids } }, { $set: { state: 'cancelled', nextAt: null } });
  });

  it('two worker processes racing on the same overdue deadlines record each breach once', async () => {
    // Set up without workers: the cases are triaged and their deadlines planned (timers armed) from here.
    await workers.stop('SIGTERM');
    const deps: ReferralDeps = {
      ...stack.api.deps.referrals, env: { ...stack.env, SLA_MINUTE_MS }, realtime: { emit() {} }, log() {},
    };
    const cases = [];
    for (let i = 0; i < 5; i++) cases.push(await openCase('high'));
    const ids = cases.map((c) => c.id);
    for (const id of ids) {
      await markCaseTriaged(id, SYSTEM_ACTOR, {});
      await syncCaseDeadlines(deps, id);
    }
    expect(await DeadlineModel.countDocuments({ caseId: { $in: ids }, key: 'accept', state: 'pending' })).to.equal(5);
    const due = Math.max(...(await DeadlineModel.find({ caseId: { $in: ids }, key: 'accept' }).lean()).map((d) => d.dueAt.getTime()));
    while (Date.now() < due + OVERDUE_GRACE_MS + 1000) await sleep(200);
    // Both read each deadline, wait, then both try to claim the same step.
    // Long enough that both processes, started together, read each step before either claims it.
    const env = { ...SLA_ENV, HOTLINE_FAULTS: 'sla.before-claim:delay1500' };
    const [w1, w2] = await Promise.all([stack.startWorkers(env), stack.startWorkers(env)]);
    try {
      await waitFor('all 5 breached and escalated, notices sent', async () => {
        const ds = await DeadlineModel.find({ caseId: { $in: ids }, key: 'accept' }).lean();
        return ds.length === 5 && ds.every((d) => d.escalationLevel === 3 && d.effects.length === 0);
      }, LONG, 250);
      const lost = w1.log().split('sla step lost').length + w2.log().split('sla step lost').length - 2;
      if (lost === 0) (await import('node:fs')).writeFileSync('/tmp/sla-race-workers.log', w1.log() + '\n=====\n' + w2.log());
      expect(lost, 'the two workers did race for the same steps').to.be.greaterThan(0);
      for (const id of ids) {
        const events = (await slaEvents(id)).filter((e) => e.data.key === 'accept');
        expect(events.filter((e) => e.type === 'sla.breached'), `one breach record for ${id}`).to.have.length(1);
        expect(events.filter((e) => e.type === 'sla.escalated').map((e) => e.data.level)).to.deep.equal([1, 2, 3]);
        const d = await DeadlineModel.findOne({ caseId: id, key: 'accept' }).lean();
        expect(d?.effects).to.deep.equal([]);
      }
    } finally {
      await Promise.all([w1.stop('SIGTERM'), w2.stop('SIGTERM')]);
      workers = await stack.startWorkers(SLA_ENV);
    }
  });
});
