import type { Queue } from 'bullmq';

/**
 * Makes sure a job with this id will run: adds it when missing, retries it
 * when it failed for good, replaces it when it completed although the work it
 * stands for is still due. Used by reconcilers that rebuild Redis state from
 * the database. Returns what it did.
 */
export async function ensureJob(
  queue: Queue,
  name: string,
  jobId: string,
  data: Record<string, unknown>,
  opts: { delay?: number } = {},
): Promise<'added' | 'retried' | 'present'> {
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
  await queue.add(name, data, { jobId, ...(opts.delay && opts.delay > 0 ? { delay: opts.delay } : {}) });
  return 'added';
}
