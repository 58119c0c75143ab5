import { provinceAudience, type TQueueSummary } from '@hotline/core';
import type { RealtimePublisher } from './realtime';

type Counter = (provinces: string[]) => Promise<TQueueSummary['rows']>;

/**
 * Sends `queue.summary` for a province after its cases change, at most once
 * per `windowMs` per province, so a burst of intake makes one count query.
 */
export function createQueueSummaryNotifier(rt: RealtimePublisher, count: Counter, windowMs = 250) {
  const timers = new Map<string, NodeJS.Timeout>();
  const send = async (provinceCode: string) => {
    timers.delete(provinceCode);
    try {
      const rows = await count([provinceCode]);
      rt.emit(provinceAudience(provinceCode), 'queue.summary', {
        provinces: [provinceCode],
        rows,
        total: rows.reduce((n, r) => n + r.count, 0),
        at: new Date().toISOString(),
      });
    } catch {
      /* the next change or the console's own refresh sends it again */
    }
  };
  return {
    changed(provinceCode: string) {
      if (timers.has(provinceCode)) return;
      timers.set(provinceCode, setTimeout(() => void send(provinceCode), windowMs));
    },
    stop() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
export type QueueSummaryNotifier = ReturnType<typeof createQueueSummaryNotifier>;
