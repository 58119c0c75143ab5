/**
 * Shapes the console reads, all from @hotline/core's zod schemas.
 */
import type { TCaseView } from '@hotline/core';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** GET /api/cases/:id: the case, its timeline, referrals and SLA deadlines. */
export type CaseDetail = TCaseView;
export type { TDeadlineView, TSlaBreach, TSlaOverview } from '@hotline/core';


