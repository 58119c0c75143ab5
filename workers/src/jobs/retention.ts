/**
 * `retention.anonymise`: once a day, closed cases past the retention period
 * (RETENTION_CLOSED_CASE_YEARS) are anonymised (@hotline/db `anonymiseClosedCases`).
 * The reconciler asks for the day's run until the database records the day as
 * done; a run cut short (a worker killed) is run again and finishes the work.
 */
import { anonymiseClosedCases, lastRetentionDay, recordRetentionDay } from '@hotline/db';
import { JOBS } from '@hotline/queue';
import { defineHandler } from './job-handler';

/** The calendar day in Vietnam (UTC+7, no daylight saving). */
export const vietnamDay = (at = new Date()) => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/** Now minus the retention period, in whole calendar years. */
function retentionCutoff(years: number, now = new Date()): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

export const retentionJob = defineHandler(JOBS.retention, {
  async handle(deps, { day }) {
    if ((await lastRetentionDay()) === day) return { skipped: 'done' };
    const run = await anonymiseClosedCases(retentionCutoff(deps.env.RETENTION_CLOSED_CASE_YEARS));
    await recordRetentionDay(day, run);
    if (run.anonymised) deps.log('info', { anonymised: run.anonymised, deferred: run.deferred }, 'retention: closed cases anonymised');
    return run;
  },
  async recover(_deps, { ensure }) {
    const day = vietnamDay();
    if ((await lastRetentionDay()) !== day) await ensure(undefined, { day });
  },
});
