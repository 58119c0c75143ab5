/** Producers and ensureJob against the real Redis, on a fresh prefix. */
import { expect } from 'chai';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { ensureJob, jobIds, Producers, QUEUE_NAMES, createRedis } from '../src/index';
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
    await producers.enqueueTriage(caseId);
    await producers.enqueueTriage(caseId);
    const q = producers.queue(QUEUE_NAMES.triage);
    expect((await q.getJobCounts('waiting')).waiting).to.equal(1);
    const job = await q.getJob(jobIds.triage(caseId));
    expect(job?.data).to.deep.equal({ caseId });
  });

  it('refuses a payload that is not an id (nothing personal reaches Redis)', async () => {
    let failed = false;
    try {
      await producers.enqueueTriage('Bé A, 8 tuổi');
    } catch {
      failed = true;
    }
    expect(failed).to.equal(true);
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
