import type { JobsOptions, Queue } from 'bullmq';

export type EnsureOutcome = 'added' | 'retried' | 'present';

/**
 * Makes sure a job with this id will run: adds it when missing, retries it
 * when it failed for good, replaces it when it completed although the work it
 * stands for is still due. Used by reconcilers that rebuild Redis state from
 * the database (through `Producers.ensure`, which parses the payload first).
 * Returns what it did.
 */
export async function ensureJob(
  queue: Queue,
  name: string,
  jobId: string,
  data: Record<string, unknown>,
  opts: JobsOptions = {},
): Promise<EnsureOutcome> {
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state === 'failed') {
      await existing.retry('failed');
      return 'retried';
    }
    if (state !== 'completed' && state !== 'unknown') return 'present';
    await existing.remove().catch(() => {});
  }
  const { delay, ...rest } = opts;
  await queue.add(name, data, { ...rest, jobId, ...(delay && delay > 0 ? { delay } : {}) });
  return 'added';
}
