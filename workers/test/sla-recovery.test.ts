/**
 * SLA deadlines that survive Redis losing every key and two workers racing
 * (setup: sla-suite.ts; a file of its own so it runs beside sla.test.ts).
 */
import { expect } from 'chai';
import { CaseModel, DeadlineModel, markCaseTriaged, SYSTEM_ACTOR, TimelineEventModel } from '@hotline/db';
import { QUEUE_NAMES } from '@hotline/queue';
import { OVERDUE_GRACE_MS, REBUILD_MARKER, syncCaseDeadlines, type ReferralDeps } from '@hotline/referrals';
import { Redis } from 'ioredis';
import { sleep, waitFor } from '@hotline/testing';
import { C_A, C_B, LONG, SLA_ENV, SLA_MINUTE_MS, slaEvents, slaSuite } from './sla-suite';

describe('SLA deadlines that survive worker and Redis loss', function () {
  this.timeout(360_000);
  const s = slaSuite();

  it('Redis loses every key while 50 deadlines are pending: after the reconciler runs, every one fires once', async function () {
    // Planning 50 cases, a two-minute policy window, then 50 breaches on a shared database.
    this.timeout(900_000);
    // Planned from here with the workers stopped (the shared database is slow to triage 50 cases under load).
    await s.workers.stop('SIGTERM');
    const deps: ReferralDeps = { ...s.stack.api.deps.referrals, env: { ...s.stack.env, SLA_MINUTE_MS }, realtime: { emit() {} }, log() {} };
    const cases = [];
    for (let i = 0; i < 50; i += 10) cases.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => s.openCase('low', (i + j) % 2 ? C_A : C_B)))));
    const ids = cases.map((c) => c.id);
    // Ten at a time, like the cases: all 50 must still be pending when Redis is flushed below.
    for (let i = 0; i < ids.length; i += 10) {
      await Promise.all(ids.slice(i, i + 10).map(async (id) => {
        await markCaseTriaged(id, SYSTEM_ACTOR, {});
        await syncCaseDeadlines(deps, id);
      }));
    }
    expect(await DeadlineModel.countDocuments({ caseId: { $in: ids }, key: 'accept', state: 'pending', nextAt: { $ne: null } })).to.equal(50);
    const markerKey = `${s.stack.settings.prefix}:${QUEUE_NAMES.sla}:${REBUILD_MARKER}`;
    s.workers = await s.stack.startWorkers(SLA_ENV);
    const redis = new Redis(s.stack.settings.redisUrl);
    try {
      // FLUSHALL, limited to this run's keys: the Redis here is shared with other test runs.
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${s.stack.settings.prefix}*`, 'COUNT', 1000);
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
      writeFileSync('/tmp/sla-flush-worker.log', s.workers.log());
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
    await s.workers.stop('SIGTERM');
    const deps: ReferralDeps = {
      ...s.stack.api.deps.referrals, env: { ...s.stack.env, SLA_MINUTE_MS }, realtime: { emit() {} }, log() {},
    };
    const cases = [];
    for (let i = 0; i < 5; i++) cases.push(await s.openCase('high'));
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
    const [w1, w2] = await Promise.all([s.stack.startWorkers(env), s.stack.startWorkers(env)]);
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
      s.workers = await s.stack.startWorkers(SLA_ENV);
    }
  });
});
