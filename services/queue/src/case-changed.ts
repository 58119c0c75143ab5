import { provinceAudience, type TCaseCard } from '@hotline/core';
import { caseAudience, type RealtimePublisher } from './realtime';
import type { QueueSummaryNotifier } from './queue-summary-notifier';

/** Where case changes are told: the consoles, and the open-case counts they show. */
export interface CaseChangeOutlets {
  realtime: RealtimePublisher;
  queueSummary: QueueSummaryNotifier;
}

/**
 * The one way to say a case changed. Its province's staff and whoever watches
 * it hear its card (`case.created` for a case just opened, else `case.updated`
 * with `change`, the timeline event type), and the open-case counts of its
 * province are refreshed, and those of the province it left when it moved.
 */
export function caseChanged(out: CaseChangeOutlets, card: TCaseCard, change: string, opts: { previousProvince?: string } = {}): void {
  if (change === 'case.created') out.realtime.emit(provinceAudience(card.provinceCode), 'case.created', card);
  else out.realtime.emit(caseAudience(card), 'case.updated', { case: card, change });
  out.queueSummary.changed(card.provinceCode);
  if (opts.previousProvince && opts.previousProvince !== card.provinceCode) out.queueSummary.changed(opts.previousProvince);
}
