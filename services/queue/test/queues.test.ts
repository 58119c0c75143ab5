/** Producers and ensureJob against the real Redis, on a fresh prefix. */
import { expect } from 'chai';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { ensureJob, JOB_SPECS, JOBS, Producers, QUEUE_NAMES, createRedis } from '../src/index';
import { testSettings } from '../../testing/src/test-run';

const settings = testSettings('queue');
const caseId = 'aaaaaaaaaaaaaaaaaaaaaaaa';

describe('queues on the real Redis', () => {
  let redis: Redis;
  let producers: Producers;
  before(() => {
    redis = createRedis(settings.redisUrl, 'worker');
    producers = new Producers(redis, settings.prefix);
  });
  after(async () => {
    await producers.close();
    const keys = await redis.keys(`${settings.prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('enqueueing the triage of one case twice leaves one job with a deterministic id and ids only', async () => {
    await producers.add(JOBS.triage, { caseId });
    await producers.add(JOBS.triage, { caseId });
    const q = producers.queue(QUEUE_NAMES.triage);
    expect((await q.getJobCounts('waiting')).waiting).to.equal(1);
    const job = await q.getJob(JOBS.triage.jobId({ caseId }));
    expect(job?.data).to.deep.equal({ caseId });
  });

  it('refuses a payload that is not an id (nothing personal reaches Redis)', async () => {
    let failed = false;
    try {
      await producers.add(JOBS.triage, { caseId: 'Bé A, 8 tuổi' });
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
  });

  it('every job keeps its persisted queue and job name, and one (queue, name) is one job', () => {
    expect(JOB_SPECS.map((j) => `${j.queue}/${j.name}`)).to.deep.equal([
      'triage/case.triaged', 'routing/case.route', 'notifications/referral.notify', 'notifications/referral.offer-timeout', 'sla/sla.timer', 'maintenance/retention.anonymise', 'maintenance/reconcile',
    ]);
    expect(JOBS.slaTimer.jobId({ deadlineId: caseId }, new Date(1_700_000_000_000))).to.equal(`sla-${caseId}-t1700000000000`);
    expect(JOBS.route.jobId({ caseId, round: 2 })).to.equal(`route-${caseId}-r2`);
  });

  it('a timed job waits until its time, with its own options; the reconciler\'s ensure parses the payload too', async () => {
    const at = new Date(Date.now() + 60_000);
    await producers.addAt(JOBS.slaTimer, at, { deadlineId: caseId }, at);
    const job = await producers.queue(QUEUE_NAMES.sla).getJob(JOBS.slaTimer.jobId({ deadlineId: caseId }, at));
    expect(await job?.getState()).to.equal('delayed');
    expect(job?.opts.removeOnComplete).to.equal(true);
    expect(await producers.ensure(JOBS.slaTimer, at, { deadlineId: caseId }, at)).to.equal('present');
    let refused = false;
    await producers.ensure(JOBS.slaTimer, at, { deadlineId: 'not an id' }, at).catch(() => (refused = true));
    expect(refused).to.equal(true);
    await producers.remove(JOBS.slaTimer, { deadlineId: caseId }, at);
    expect(await producers.queue(QUEUE_NAMES.sla).getJob(JOBS.slaTimer.jobId({ deadlineId: caseId }, at))).to.equal(undefined);
  });

  it('ensureJob adds a missing job, leaves a pending one, and retries one that failed for good', async () => {
    const q = new Queue('ensure-test', { connection: redis, prefix: settings.prefix });
    expect(await ensureJob(q, 'x', 'job-1', { n: 1 }, { delay: 60_000 })).to.equal('added');
    expect(await ensureJob(q, 'x', 'job-1', { n: 1 })).to.equal('present');
    expect((await q.getJobCounts('delayed')).delayed).to.equal(1);

    await q.add('y', { n: 2 }, { jobId: 'job-2', attempts: 1 });
    const worker = new Worker('ensure-test', async (job) => {
      if (job.name === 'y') throw new Error('boom');
    }, { connection: createRedis(settings.redisUrl, 'worker'), prefix: settings.prefix });
    await new Promise<void>((resolve) => worker.on('failed', () => resolve()));
    expect(await (await q.getJob('job-2'))?.getState()).to.equal('failed');
    expect(await ensureJob(q, 'y', 'job-2', { n: 2 })).to.equal('retried');
    expect(await (await q.getJob('job-2'))?.getState()).to.be.oneOf(['waiting', 'active', 'failed']);
    await worker.close();
    await q.close();
  });
});
