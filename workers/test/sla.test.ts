/**
 * SLA deadlines end to end: policies, reminders, breach and escalation in
 * order, acceptance cancelling the timer, quiet hours (setup: sla-suite.ts).
 */
import { expect } from 'chai';
import { DeadlineModel, PartnerModel, ReferralModel } from '@hotline/db';
import { JOBS, QUEUE_NAMES } from '@hotline/queue';
import { ConsoleSocket, sleep, waitFor } from '@hotline/testing';
import { C_B, hhmm, LONG, PHONE_A, reminderSms, slaEvents, slaSuite, testPolicies } from './sla-suite';

describe('SLA deadlines: reminders, breaches and escalation', function () {
  this.timeout(360_000);
  const s = slaSuite();

  it('admin edits policies (400 names the field, 403 for others); the case view lists its deadlines', async () => {
    const bad = testPolicies() as any;
    bad.policies[0].acceptWithinMinutes = 0;
    const r400 = await s.admin.put('/api/sla-policies', { policySet: bad });
    expect(r400.status).to.equal(400);
    expect(JSON.stringify(r400.body)).to.contain('policySet.policies.0.acceptWithinMinutes');
    expect((await s.supervisor.put('/api/sla-policies', { policySet: testPolicies() })).status).to.equal(403);
    // Two admins editing the version they read: one save wins, the other is told to reload (409), never a silent undo.
    const { version } = (await s.admin.get('/api/sla-policies')).body;
    const both = await Promise.all([0, 1].map(() => s.admin.put('/api/sla-policies', { policySet: testPolicies(), version })));
    expect(both.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    expect(both.find((r) => r.status === 200)!.body.version).to.equal(version + 1);
    expect(JSON.stringify(both.find((r) => r.status === 409)!.body)).to.contain('"path":"version"');
    expect((await s.admin.get('/api/sla-policies')).body.version).to.equal(version + 1);
    const read = await s.counsellor.get('/api/sla-policies');
    expect(read.status).to.equal(200);
    expect(read.body.policySet.policies.find((p: any) => p.category === 'domestic_violence' && p.riskLevel === 'high').acceptWithinMinutes).to.equal(15);
    const collaborator = await s.stack.login('collaborator.hn@demo.vn');
    expect((await collaborator.get('/api/sla/overview')).status).to.equal(403);
    expect((await collaborator.get('/api/sla/breaches')).status).to.equal(403);
    expect((await s.supervisor.get('/api/sla/breaches?province=79')).status).to.equal(403);
  });

  it('reminders at 40 % and 60 %, then the breach, then reoffer → supervisor → province manager, in order, each on the timeline and the sockets', async () => {
    const socket = await ConsoleSocket.connect(s.stack.baseUrl, s.supervisor);
    try {
      const kase = await s.openCase('high');
      const events = await waitFor('the whole escalation chain', async () => {
        const es = await slaEvents(kase.id);
        return es.filter((e) => e.type === 'sla.escalated').length === 3 ? es : null;
      }, LONG, 200);
      const steps = events.filter((e) => e.data.key === 'accept').map((e) => (e.type === 'sla.escalated' ? `escalated:${e.data.action}` : e.type === 'sla.reminder' ? `reminder:${e.data.index}` : e.type));
      expect(steps).to.deep.equal(['reminder:0', 'reminder:1', 'sla.breached', 'escalated:reoffer', 'escalated:supervisor', 'escalated:province_manager']);
      expect((await reminderSms(s.stack, kase.reference)).map((m) => m.to)).to.deep.equal([PHONE_A, PHONE_A]);
      for (const sms of await reminderSms(s.stack, kase.reference)) expect(sms.body).not.to.match(/Mai|đánh/);
      const round2 = await waitFor('the reoffer to the next candidate', async () => ReferralModel.findOne({ caseId: kase.id, round: 2 }).lean(), LONG);
      expect((await PartnerModel.findById(round2.partnerId).lean())?.name).to.equal('SLA CTV B');
      await socket.waitFor('sla.warning', (p) => p.case.id === kase.id && p.deadline.key === 'accept', LONG);
      await socket.waitFor('sla.breached', (p) => p.case.id === kase.id && !p.escalation, LONG);
      await socket.waitFor('sla.breached', (p) => p.case.id === kase.id && p.escalation?.action === 'supervisor', LONG);
      const view = (await s.counsellor.get(`/api/cases/${kase.id}`)).body;
      const accept = view.deadlines.find((d: any) => d.key === 'accept');
      expect(accept).to.include({ kind: 'accept', state: 'breached', escalationLevel: 3, remindersSent: 2 });
      expect(view.deadlines.find((d: any) => d.key === 'first_contact')).to.include({ state: 'pending' });
      const breaches = await s.supervisor.get(`/api/sla/breaches?category=domestic_violence&kind=accept`);
      expect(breaches.status).to.equal(200);
      expect(breaches.body.items.map((b: any) => b.deadline.caseId)).to.include(kase.id);
      const overview = await s.supervisor.get('/api/sla/overview');
      const row = overview.body.rows.find((r: any) => r.provinceCode === '01' && r.category === 'domestic_violence');
      expect(row.open.breached).to.be.greaterThan(0);
      expect(row.breachesToday).to.be.greaterThan(0);
      await s.closeCase(kase.id);
      await waitFor('closing cancels what still runs', async () => (await DeadlineModel.find({ caseId: kase.id, state: 'pending' }).lean()).length === 0, LONG);
    } finally {
      socket.close();
    }
  });

  it('accepting before the deadline cancels its timer: no reminder, no reminder SMS', async () => {
    const kase = await s.openCase('medium');
    const offer = await waitFor('the offer', async () => ReferralModel.findOne({ caseId: kase.id }).lean(), LONG);
    const before = await s.acceptDeadline(kase.id);
    expect(before.state).to.equal('pending');
    const timerId = JOBS.slaTimer.jobId({ deadlineId: before._id.toHexString() }, before.nextAt!);
    await waitFor('the reminder timer is armed', async () => (await s.stack.producers.queue(QUEUE_NAMES.sla).getJob(timerId)) ?? null, LONG);
    await fetch(`${s.stack.twilioUrl}/_fake/inbound-sms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: PHONE_A, to: '+15005550006', body: `1 ${offer.code}`, url: `${s.stack.baseUrl}/webhooks/twilio/sms` }) });
    await waitFor('the SMS acceptance', async () => (await ReferralModel.findById(offer._id).lean())?.status === 'accepted', LONG);
    expect(Date.now(), 'accepted before the deadline').to.be.lessThan(before.dueAt.getTime());
    const met = await waitFor('the accept deadline met', async () => {
      const d = await DeadlineModel.findById(before._id).lean();
      return d?.state === 'met' ? d : null;
    }, LONG);
    expect(met.nextAt).to.equal(null);
    await waitFor('the timer was removed', async () => (await s.stack.producers.queue(QUEUE_NAMES.sla).getJob(timerId)) === undefined, LONG);
    // Past the time the reminders and the breach would have fired:
    while (Date.now() < before.dueAt.getTime() + 1500) await sleep(250);
    expect((await slaEvents(kase.id)).filter((e) => e.data.key === 'accept')).to.have.length(0);
    expect(await reminderSms(s.stack, kase.reference)).to.have.length(0);
    await s.closeCase(kase.id);
  });

  it('quiet hours hold a non-emergency reminder SMS and not an emergency one', async () => {
    const now = Date.now();
    await s.setSettings({ enabled: true, from: hhmm(now - 3600_000), to: hhmm(now + 3600_000), exemptRiskLevels: [] });
    try {
      const high = await s.openCase('high');
      const emergency = await s.openCase('emergency', C_B);
      const firstReminder = (caseId: string) => waitFor(`the first reminder of ${caseId}`, async () => (await slaEvents(caseId)).find((e) => e.type === 'sla.reminder' && e.data.key === 'accept'), LONG, 100);
      const [heldEvent, sentEvent] = await Promise.all([firstReminder(high.id), firstReminder(emergency.id)]);
      expect(heldEvent.data.sms).to.equal('held');
      expect(String(heldEvent.data.smsReleaseAt)).to.match(/^\d{4}-/);
      expect(new Date(String(heldEvent.data.smsReleaseAt)).getTime()).to.be.greaterThan(now);
      expect(sentEvent.data.sms).to.equal('send');
      await waitFor('the emergency reminder SMS', async () => (await reminderSms(s.stack, emergency.reference)).length > 0, LONG);
      expect(await reminderSms(s.stack, high.reference), 'held: not sent').to.have.length(0);
      expect((await DeadlineModel.findOne({ caseId: high.id, key: 'accept' }).lean())?.heldSms).to.not.equal(null);
      await s.closeCase(high.id);
      await s.closeCase(emergency.id);
    } finally {
      await s.setSettings({ enabled: false });
    }
  });

});
