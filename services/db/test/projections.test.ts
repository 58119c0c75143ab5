/**
 * The counts the dashboards show are documents kept with each change (the
 * embedded database cannot count a collection quickly). They must equal a
 * brute-force recount of the source collections: after ordinary changes,
 * after a process is killed between a change and its count update, and after
 * a rebuild from scratch.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Types } from 'mongoose';
import {
  CaseModel, CaseQueueBucketModel, changeCaseStatus, configureFieldKeys, countOpenCases, DeadlineModel,
  insertDeadline, projectPendingDeadlineStats, rebuildCaseQueueCounts, rebuildSlaCounts, relayPendingOutboxes,
  SlaMonthModel, SlaOpenRowModel, slaOverview, SYSTEM_ACTOR, updateDeadlineIf, updateCaseFields, type CaseDoc, type DeadlineDoc, type NewDeadline,
} from '../src/index';
import { testSettings } from '../../testing/src/test-run';
import { useFreshDatabase } from './fixtures/fresh-database';

const here = path.dirname(fileURLToPath(import.meta.url));
const uri = testSettings('db-projections').mongodbUri;
const MINUTE = 60_000;

const spawnFixture = (fixture: string, faults: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', fixture), uri, ...args], {
    env: { ...process.env, HOTLINE_FAULTS: faults },
    encoding: 'utf8',
    timeout: 60_000,
  });

/** The brute-force recount: every case read, open ones grouped. */
async function recountQueue(provinces: string[] | null) {
  const all = await CaseModel.find({}).lean<CaseDoc[]>();
  const counts = new Map<string, number>();
  for (const c of all) {
    if (c.status === 'closed' || (provinces && !provinces.includes(c.location.provinceCode))) continue;
    const k = [c.location.provinceCode, c.status, c.category, c.riskLevel].join('|');
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}=${n}`).sort();
}
const counted = async (provinces: string[] | null) =>
  (await countOpenCases(provinces)).map((r) => `${[r.provinceCode, r.status, r.category, r.riskLevel].join('|')}=${r.count}`).sort();

/** The brute-force SLA overview: every deadline read. */
async function recountSla(since: { today: Date; week: Date; metSince: Date }) {
  const rows = new Map<string, { pending: number; breached: number; today: number; week: number; accept: number[]; contact: number[] }>();
  const row = (d: DeadlineDoc) => {
    const k = `${d.provinceCode}|${d.category}`;
    if (!rows.has(k)) rows.set(k, { pending: 0, breached: 0, today: 0, week: 0, accept: [], contact: [] });
    return rows.get(k)!;
  };
  for (const d of await DeadlineModel.find({}).lean<DeadlineDoc[]>()) {
    if (d.state === 'pending' || d.state === 'breached') row(d)[d.state]++;
    if (d.breachedAt && d.breachedAt >= since.week) {
      row(d).week++;
      if (d.breachedAt >= since.today) row(d).today++;
    }
    if (d.state === 'met' && d.metAt && d.metAt >= since.metSince && (d.kind === 'accept' || d.kind === 'first_contact')) {
      row(d)[d.kind === 'accept' ? 'accept' : 'contact'].push((d.metAt.getTime() - d.startsAt.getTime()) / MINUTE);
    }
  }
  const median = (xs: number[]) => {
    if (!xs.length) return null;
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return Math.round((s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2) * 10) / 10;
  };
  return [...rows]
    .map(([k, r]) => `${k} open=${r.pending}/${r.breached} breaches=${r.today}/${r.week} accept=${median(r.accept)} contact=${median(r.contact)}`)
    .sort();
}
async function overviewLines(since: { today: Date; week: Date; metSince: Date }) {
  return (await slaOverview({ provinces: null }, since))
    .map((r) => `${r.provinceCode}|${r.category} open=${r.open.pending}/${r.open.breached} breaches=${r.breachesToday}/${r.breachesThisWeek} accept=${r.medianMinutesToAccept} contact=${r.medianMinutesToFirstContact}`)
    .sort();
}

describe('counts kept as documents equal a recount of their sources', () => {
  useFreshDatabase(uri, () => configureFieldKeys({ phoneHashKey: 'x'.repeat(32), fieldEncryptionKey: 'y'.repeat(32) }));

  it('the open-case queue follows opens, status changes, field edits and closes; a case opened by a killed process is counted once the sweep relays it', async () => {
    const open = (province: string, category: string, risk: string) => {
      const caseId = new Types.ObjectId().toHexString();
      const run = spawnFixture('case-writer.ts', '', 'open', caseId, new Types.ObjectId().toHexString());
      expect(run.status, run.stderr).to.equal(0);
      return CaseModel.updateOne({ _id: caseId }, { $set: { 'location.provinceCode': province, provinceCode: province, category, riskLevel: risk } }).then(() => caseId);
    };
    const ids = [await open('01', 'child_abuse', 'high'), await open('01', 'child_abuse', 'high'), await open('79', 'domestic_violence', 'medium')];
    await rebuildCaseQueueCounts(); // the fixture's direct edits above bypass the relay, as an import would
    expect(await counted(null)).to.deep.equal(await recountQueue(null));

    await changeCaseStatus(ids[0]!, 'triaged', undefined, SYSTEM_ACTOR);
    await updateCaseFields(ids[1]!, { riskLevel: 'critical' }, SYSTEM_ACTOR);
    await changeCaseStatus(ids[2]!, 'triaged', undefined, SYSTEM_ACTOR);
    await changeCaseStatus(ids[2]!, 'closed', 'handled by phone', SYSTEM_ACTOR);
    expect(await counted(null)).to.deep.equal(await recountQueue(null));
    expect(await counted(['79']), 'a closed case leaves the queue').to.deep.equal([]);
    expect(await counted(['01'])).to.deep.equal(['01|new|child_abuse|critical=1', '01|triaged|child_abuse|high=1']);

    // Killed after the insert, before the relay: not counted yet; the sweep counts it, once.
    const killed = new Types.ObjectId().toHexString();
    const run = spawnFixture('case-writer.ts', 'case.after-insert:kill', 'open', killed, new Types.ObjectId().toHexString());
    expect(run.signal, run.stderr).to.equal('SIGKILL');
    expect(await counted(['01'])).to.not.deep.equal(await recountQueue(['01']));
    await relayPendingOutboxes();
    await relayPendingOutboxes();
    expect(await counted(null)).to.deep.equal(await recountQueue(null));
    expect(await counted(['01'])).to.include('01|new|child_abuse|high=1');

    // Lost or corrupted counts: the rebuild recomputes them from the cases.
    await CaseQueueBucketModel.deleteMany({ provinceCode: '01' });
    await CaseQueueBucketModel.collection.updateOne({ _id: '79|new|trafficking|low' } as never, { $set: { provinceCode: '79', status: 'new', category: 'trafficking', riskLevel: 'low', members: ['x'] } }, { upsert: true });
    await rebuildCaseQueueCounts();
    expect(await counted(null)).to.deep.equal(await recountQueue(null));
  });

  it('the SLA overview follows deadlines met, breached and cancelled; a breach whose writer was killed is counted once the sweep projects it', async () => {
    const now = Date.now();
    const since = { today: new Date(now - 6 * 3600_000), week: new Date(now - 3 * 86_400_000), metSince: new Date(now - 90 * 86_400_000) };
    const base = (i: number, province: string, category: DeadlineDoc['category'], kind: DeadlineDoc['kind']): NewDeadline => ({
      _id: new Types.ObjectId(), caseId: new Types.ObjectId(), referralId: null, provinceCode: province, category, riskLevel: 'high',
      key: `${kind}-${i}`, kind, clock: 'around_the_clock', planKey: 'test', startsAt: new Date(now - (i + 1) * 7 * MINUTE), dueAt: new Date(now + 3600_000),
      reminders: [], escalation: [], state: 'pending', remindersSent: 0, escalationLevel: 0, heldSms: null, nextAt: new Date(now + 3600_000),
      metAt: null, breachedAt: null, cancelledAt: null, effects: [], version: 1, createdAt: new Date(now), updatedAt: new Date(now),
    });
    const made: DeadlineDoc[] = [];
    for (let i = 0; i < 12; i++) {
      const province = i % 3 === 0 ? '79' : '01';
      made.push((await insertDeadline(base(i, province, i % 2 ? 'child_abuse' : 'domestic_violence', i % 4 === 1 ? 'first_contact' : 'accept'))).doc);
    }
    for (const [i, d] of made.entries()) {
      if (i % 3 === 1) await updateDeadlineIf(d, { state: 'met', metAt: new Date(now - i * MINUTE), nextAt: null });
      if (i % 3 === 2) await updateDeadlineIf(d, { state: 'breached', breachedAt: new Date(now - i * 3600_000 * 5), nextAt: null });
      if (i === 9) await updateDeadlineIf(d, { state: 'cancelled', cancelledAt: new Date(now), nextAt: null });
    }
    expect(await overviewLines(since)).to.deep.equal(await recountSla(since));
    expect(await overviewLines(since)).to.not.deep.equal([]);

    // Killed after the breach was written, before it was counted: the sweep counts it, once.
    const victim = made[0]!;
    const run = spawnFixture('deadline-writer.ts', 'deadline.after-write:kill', victim._id.toHexString());
    expect(run.signal, run.stderr).to.equal('SIGKILL');
    expect((await DeadlineModel.findById(victim._id).lean())?.statsPending).to.equal(true);
    expect(await overviewLines(since)).to.not.deep.equal(await recountSla(since));
    expect(await projectPendingDeadlineStats()).to.be.greaterThan(0);
    expect(await projectPendingDeadlineStats(), 'nothing left to project').to.equal(0);
    expect(await overviewLines(since)).to.deep.equal(await recountSla(since));

    // Lost counts: the rebuild recomputes them from the deadlines.
    await SlaOpenRowModel.deleteMany({ provinceCode: '01' });
    await SlaMonthModel.deleteMany({ provinceCode: '79' });
    expect(await overviewLines(since)).to.not.deep.equal(await recountSla(since));
    await rebuildSlaCounts();
    expect(await overviewLines(since)).to.deep.equal(await recountSla(since));
  });
});
