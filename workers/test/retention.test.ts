/**
 * The daily retention run, end to end: the workers' reconciler asks for the
 * day's `retention.anonymise` job, which anonymises a case closed longer ago
 * than RETENTION_CLOSED_CASE_YEARS and records the day as done; a case closed
 * recently stays as it was.
 */
import { expect } from 'chai';
import { CaseModel, lastRetentionDay, MaintenanceRunModel, recordCaseMonth } from '@hotline/db';
import { waitFor } from '@hotline/testing';
import { vietnamDay } from '../src/jobs/retention';
import { openCaseBody, workersStack } from './stack';

describe('retention job', () => {
  it('anonymises a case closed eleven years ago once the day’s run is asked for, and records the day', async () => {
    const stack = await workersStack();
    const counsellor = await stack.login('counsellor.hn@demo.vn');
    const opened = async (name: string) => {
      const body = openCaseBody();
      const r = await counsellor.post('/api/calls', { ...body, case: { ...body.case, subjects: [{ name, ageYears: 9 }], summary: `retention ${name}` } });
      expect(r.status).to.equal(201);
      return r.body.case.id as string;
    };
    const oldId = await opened('Bé Lưu Trữ Cũ');
    const recentId = await opened('Bé Lưu Trữ Mới');
    // As if opened in 2015 and closed in 2015 (the month list knows the month), and one closed last week.
    await recordCaseMonth('01', '2015-03');
    await CaseModel.updateOne({ _id: oldId }, { $set: { createdMonth: '2015-03', status: 'closed', open: false, closedAt: new Date('2015-04-01T00:00:00Z') } });
    await CaseModel.updateOne({ _id: recentId }, { $set: { status: 'closed', open: false, closedAt: new Date(Date.now() - 7 * 86_400_000) } });
    await MaintenanceRunModel.deleteOne({ _id: 'retention' });

    const workers = await stack.startWorkers();
    try {
      const done = await waitFor('the retention run of the day', async () => (await lastRetentionDay()) === vietnamDay() || undefined, 60_000);
      expect(done).to.equal(true);
      const old = (await CaseModel.findById(oldId).lean())!;
      expect(old.subjects[0]?.name ?? null).to.equal(null);
      expect(old.anonymisedAt).to.be.instanceOf(Date);
      const recent = (await CaseModel.findById(recentId).lean())!;
      expect(recent.subjects[0]?.name).to.equal('Bé Lưu Trữ Mới');
      expect(recent.anonymisedAt ?? null).to.equal(null);
    } finally {
      await workers.stop('SIGTERM');
    }
  });
});
