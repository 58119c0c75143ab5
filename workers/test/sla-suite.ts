/**
 * The SLA suites' shared setup (sla.test.ts, sla-recovery.test.ts; they run in
 * parallel processes, each on its own stack): real workers (policy minutes
 * last one second), real Redis, the database, the fake Twilio. Province 01's
 * other partners are paused for domestic_violence; the suite makes its own two
 * collaborators.
 */
import { expect } from 'chai';
import { defaultSlaPolicies, vietnamWallClock, type TSlaPolicySet } from '@hotline/core';
import { CaseModel, DeadlineModel, loadOfficialCommunes, PartnerModel, TimelineEventModel } from '@hotline/db';
import { waitFor, type HttpClient, type TestStack, type WorkerProcess } from '@hotline/testing';
import { freshPhone, workersStack } from './stack';

const communes = loadOfficialCommunes().filter((w) => w.province_code === '01').map((w) => w.ward_code);
export const C_A = communes[30]!;
export const C_B = communes[31]!;
export const PHONE_A = '+84099100001';
export const PHONE_B = '+84099100002';
export const SLA_MINUTE_MS = 1000;
export const SLA_ENV = { SLA_MINUTE_MS: String(SLA_MINUTE_MS), RECONCILE_EVERY_MS: '3000' };
/** Waits are generous: the database here is shared and slow under load; nothing below asserts a duration. */
export const LONG = 120_000;

/** Short policies for domestic_violence (a policy minute lasts SLA_MINUTE_MS), around the clock. */
export function testPolicies(): TSlaPolicySet {
  const set = defaultSlaPolicies();
  for (const p of set.policies) {
    if (p.category !== 'domestic_violence') continue;
    p.clock = 'around_the_clock';
    // Low risk: the Redis-loss test's 50 cases must still be pending when Redis is flushed, a few seconds after planning.
    // Medium: 40 s, so a test can accept before the first reminder (16 s) however slowly the offer arrives.
    p.acceptWithinMinutes = p.riskLevel === 'low' ? 60 : p.riskLevel === 'medium' ? 40 : 15;
    p.firstContactWithinMinutes = 600;
    // Reminders at 6 s and 9 s leave 6 s before the breach: a reminder still unsent when the deadline passes is skipped by design, and a loaded machine runs timers seconds late.
    p.reminderFractions = [0.4, 0.6];
    p.escalation.accept = [{ action: 'reoffer', afterMinutes: 0 }, { action: 'supervisor', afterMinutes: 1 }, { action: 'province_manager', afterMinutes: 2 }];
    if (p.riskLevel === 'low') {
      // The bulk cases of the Redis-loss test: one breach and one alert each, nothing else.
      p.reminderFractions = [];
      p.escalation.accept = [{ action: 'supervisor', afterMinutes: 0 }];
    }
  }
  return set;
}

export async function fakeMessages(stack: TestStack): Promise<{ to: string; body: string }[]> {
  return ((await (await fetch(`${stack.twilioUrl}/_fake/messages`)).json()) as any).messages;
}
export const reminderSms = async (stack: TestStack, reference: string) => (await fakeMessages(stack)).filter((m) => m.body.includes('Nhắc hạn') && m.body.includes(reference));
export const slaEvents = (caseId: string) => TimelineEventModel.find({ caseId, type: /^sla\./ }).sort({ at: 1 }).lean();
export const hhmm = (ms: number) => {
  const m = Math.floor(vietnamWallClock(ms).minuteOfDay);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

export interface SlaSuite {
  stack: TestStack;
  admin: HttpClient;
  counsellor: HttpClient;
  supervisor: HttpClient;
  workers: WorkerProcess;
  openCase(riskLevel: string, communeCode?: string): Promise<{ id: string; reference: string }>;
  acceptDeadline(caseId: string): Promise<NonNullable<Awaited<ReturnType<typeof findAccept>>>>;
  setSettings(quietHours: Record<string, unknown>): Promise<void>;
  closeCase(id: string): Promise<unknown>;
}
const findAccept = (caseId: string) => DeadlineModel.findOne({ caseId, key: 'accept' }).lean();

/** Registers the suite's before/after hooks in the calling describe and returns what its tests use. */
export function slaSuite(): SlaSuite {
  const s = {
    async openCase(riskLevel: string, communeCode = C_A) {
      const r = await s.counsellor.post('/api/calls', {
        channel: 'phone', caller: { phone: freshPhone(), relationship: 'neighbour' }, outcome: 'case_opened',
        case: { category: 'domestic_violence', riskLevel, subjects: [{ name: 'Chị Mai', ageYears: 35 }], location: { provinceCode: '01', communeCode }, summary: 'Chị Mai bị chồng đánh' },
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      return r.body.case as { id: string; reference: string };
    },
    acceptDeadline: (caseId: string) => waitFor('the accept deadline', () => findAccept(caseId), LONG),
    async setSettings(quietHours: Record<string, unknown>) {
      const r = await s.admin.put('/api/sla-policies', { policySet: testPolicies(), quietHours });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
    },
    closeCase: (id: string) => s.supervisor.post(`/api/cases/${id}/status`, { to: 'closed', reason: 'test done' }),
  } as SlaSuite;

  before(async () => {
    s.stack = await workersStack();
    s.admin = await s.stack.login('admin@demo.vn');
    s.counsellor = await s.stack.login('counsellor.hn@demo.vn');
    s.supervisor = await s.stack.login('supervisor.hn@demo.vn');
    await PartnerModel.updateMany({ provinceCode: '01', categories: 'domestic_violence' }, { $set: { paused: true } });
    for (const [key, phone, commune] of [['A', PHONE_A, C_A], ['B', PHONE_B, C_B]] as const) {
      const r = await s.admin.post('/api/partners', { name: `SLA CTV ${key}`, kind: 'collaborator', type: 'commune_collaborator', phones: [phone], categories: ['domestic_violence'], area: { provinceCode: '01', communeCodes: [commune] }, channels: ['sms'] });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
    await s.setSettings({ enabled: false });
    s.workers = await s.stack.startWorkers(SLA_ENV);
  });
  after(async () => {
    await s.workers?.stop('SIGTERM');
    await PartnerModel.updateMany({ name: /^SLA CTV/ }, { $set: { active: false } });
    await PartnerModel.updateMany({ provinceCode: '01', name: { $not: /^(SLA|Test) CTV/ } }, { $set: { paused: false } });
    await CaseModel.updateMany({ category: 'domestic_violence' }, { $set: { status: 'closed' } });
    await DeadlineModel.updateMany({ state: { $in: ['pending', 'breached'] } }, { $set: { state: 'cancelled', nextAt: null } });
  });
  return s;
}
