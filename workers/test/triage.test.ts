/**
 * The `case.triaged` round trip: API → Redis → worker → database → socket,
 * and what happens when the worker dies or is asked to stop mid-job.
 */
import { expect } from 'chai';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { CaseModel, markCaseTriaged, SYSTEM_ACTOR, TimelineEventModel } from '@hotline/db';
import { JOBS, QUEUE_NAMES } from '@hotline/queue';
import { ConsoleSocket, sleep, waitFor } from '@hotline/testing';
import { openCaseBody, workersStack } from './stack';

const triageEvents = (caseId: string) => TimelineEventModel.countDocuments({ caseId, type: 'case.triaged' });

describe('case.triaged job', () => {
  it('a new case is triaged by the worker: one timeline event, and the counsellor’s console hears it', async () => {
    const stack = await workersStack();
    const workers = await stack.startWorkers();
    const counsellor = await stack.login('counsellor.hn@demo.vn');
    const socket = await ConsoleSocket.connect(stack.baseUrl, counsellor);
    try {
      const r = await counsellor.post('/api/calls', openCaseBody());
      expect(r.status).to.equal(201);
      const id = r.body.case.id;
      const heard = await socket.waitFor('case.updated', (p) => p.case.id === id && p.change === 'case.triaged');
      expect(heard.case.status).to.equal('triaged');
      const got = await counsellor.get(`/api/cases/${id}`);
      expect(got.body.status, 'triaged, then routed').to.be.oneOf(['triaged', 'referred']);
      expect(got.body.timeline.filter((e: { type: string }) => e.type === 'case.triaged')).to.have.length(1);
      expect(got.body.timeline.find((e: { type: string }) => e.type === 'case.triaged').actor.kind).to.equal('system');
    } finally {
      socket.close();
      await workers.stop('SIGTERM');
    }
  });

  it('one hop: the triage job itself offers a referable case (round 1), with no routing job in between', async () => {
    const stack = await workersStack();
    const workers = await stack.startWorkers();
    const counsellor = await stack.login('counsellor.hn@demo.vn');
    try {
      const r = await counsellor.post('/api/calls', openCaseBody());
      const id: string = r.body.case.id;
      const triage = stack.producers.queue(QUEUE_NAMES.triage);
      const job = await waitFor('the triage job to finish', async () => {
        const j = await triage.getJob(JOBS.triage.jobId({ caseId: id }));
        return j?.finishedOn ? j : null;
      }, 30_000, 200);
      expect(job.returnvalue).to.deep.equal({ triaged: true, routed: 'offered' });
      expect((await CaseModel.findById(id).lean())?.status).to.equal('referred');
      expect(await stack.producers.queue(QUEUE_NAMES.routing).getJob(JOBS.route.jobId({ caseId: id, round: 1 })), 'no round-1 routing job').to.equal(undefined);
    } finally {
      await workers.stop('SIGTERM');
    }
  });

  it('a case left triaged but never routed (its job lost) is routed by the reconciler through the same rule', async () => {
    const stack = await workersStack();
    const counsellor = await stack.login('counsellor.hn@demo.vn');
    const r = await counsellor.post('/api/calls', openCaseBody());
    const id: string = r.body.case.id;
    // As an older release left it: triaged, its routing job lost with Redis.
    await markCaseTriaged(id, SYSTEM_ACTOR, {});
    await stack.producers.queue(QUEUE_NAMES.triage).remove(JOBS.triage.jobId({ caseId: id }));
    await CaseModel.updateOne({ _id: id }, { $set: { updatedAt: new Date(Date.now() - 60_000) } }, { timestamps: false });
    const workers = await stack.startWorkers();
    try {
      await waitFor('the reconciler to route the case', async () => (await CaseModel.findById(id).lean())?.status === 'referred', 30_000, 200);
      expect(await triageEvents(id)).to.equal(1);
    } finally {
      await workers.stop('SIGTERM');
    }
  });

  for (const point of ['triage.before-write', 'triage.after-write']) {
    it(`a worker SIGKILLed mid-job (${point}): the job runs again on a new worker and the timeline holds exactly one triage event`, async () => {
      const stack = await workersStack();
      const doomed = await stack.startWorkers({ HOTLINE_FAULTS: `${point}:pause` });
      const counsellor = await stack.login('counsellor.hn@demo.vn');
      const r = await counsellor.post('/api/calls', openCaseBody());
      const id: string = r.body.case.id;
      await waitFor('the worker to reach the fault point', () => doomed.log().includes(`fault point ${point}: paused`), 20_000);
      if (point === 'triage.after-write') {
        const c = await CaseModel.findById(id).lean();
        expect(c?.status, 'the write happened before the kill').to.equal('triaged');
        expect(c?.outbox.map((e) => e.type), 'its event is still in the outbox').to.include('case.triaged');
      }
      expect(await doomed.stop('SIGKILL')).to.equal(null);

      const fresh = await stack.startWorkers();
      try {
        const queue = stack.producers.queue(QUEUE_NAMES.triage);
        await waitFor('the stalled job to complete on the new worker', async () => (await queue.getJob(JOBS.triage.jobId({ caseId: id })))?.finishedOn, 30_000, 200);
        expect((await CaseModel.findById(id).lean())?.status).to.be.oneOf(['triaged', 'referred']);
        await waitFor('the timeline to hold the triage event', async () => (await triageEvents(id)) === 1, 10_000);
        await sleep(500);
        expect(await triageEvents(id)).to.equal(1);
        expect((await CaseModel.findById(id).lean())?.outbox).to.deep.equal([]);
      } finally {
        await fresh.stop('SIGTERM');
      }
    });
  }

  it('SIGTERM lets the running job finish before the process exits', async () => {
    const stack = await workersStack();
    const workers = await stack.startWorkers({ HOTLINE_FAULTS: 'triage.before-write:delay2500' });
    const counsellor = await stack.login('counsellor.hn@demo.vn');
    const r = await counsellor.post('/api/calls', openCaseBody());
    const id: string = r.body.case.id;
    await waitFor('the job to start', () => workers.log().includes('fault point triage.before-write: delaying'), 20_000);
    const code = await workers.stop('SIGTERM');
    expect(code, workers.log().slice(-2000)).to.equal(0);
    expect((await CaseModel.findById(id).lean())?.status, 'finished before exit').to.be.oneOf(['triaged', 'referred']);
    expect(await triageEvents(id)).to.equal(1);
    expect(workers.log()).to.contain('workers stopped');
  });

  it('when Redis loses the job (FLUSH of the queue keys), the reconciler triages the case anyway', async () => {
    const stack = await workersStack();
    const counsellor = await stack.login('counsellor.hn@demo.vn');
    const r = await counsellor.post('/api/calls', openCaseBody());
    const id: string = r.body.case.id;
    // Lose every key of this run's queues, as if Redis had restarted empty.
    const redis = new Redis(stack.settings.redisUrl);
    const keys = await redis.keys(`${stack.settings.prefix}:triage:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    expect(await new Queue(QUEUE_NAMES.triage, { connection: stack.api.deps.redis, prefix: stack.settings.prefix }).getJob(JOBS.triage.jobId({ caseId: id }))).to.equal(undefined);
    await CaseModel.updateOne({ _id: id }, { $set: { createdAt: new Date(Date.now() - 60_000) } });

    const workers = await stack.startWorkers();
    try {
      await waitFor('the reconciler to triage the case', async () => (await triageEvents(id)) === 1, 30_000, 200);
      expect((await CaseModel.findById(id).lean())?.status).to.be.oneOf(['triaged', 'referred']);
    } finally {
      await workers.stop('SIGTERM');
    }
  });
});
