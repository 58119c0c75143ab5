/** The list of jobs: every spec has exactly one handler, and only handlers with a spec are registered. No I/O. */
import { expect } from 'chai';
import { JOB_SPECS, JOBS } from '@hotline/queue';
import { JOB_HANDLERS } from '../src/jobs/index';

describe('job registry', () => {
  it('one handler per job spec, each under its own spec', () => {
    const handlers = Object.entries(JOB_HANDLERS);
    expect(handlers.map(([, h]) => h.spec)).to.have.members(JOB_SPECS);
    expect(handlers).to.have.length(JOB_SPECS.length);
    for (const [kind, h] of handlers) expect(h.spec, kind).to.equal(JOBS[kind as keyof typeof JOBS]);
  });

  it('every job that stands for work the database holds can be rebuilt by the reconciler, except later routing rounds', () => {
    const recoverable = Object.entries(JOB_HANDLERS).filter(([, h]) => h.recover).map(([kind]) => kind);
    expect(recoverable).to.have.members(['triage', 'notify', 'offerTimeout', 'slaTimer', 'retention']);
  });
});
