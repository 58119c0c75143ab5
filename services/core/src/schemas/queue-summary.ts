import { z } from 'zod';
import { ZCaseStatus, ZCategory, ZRiskLevel } from '../enums';
import { ZIsoDate } from './common';

export const ZQueueSummaryRow = z.object({
  provinceCode: z.string(),
  status: ZCaseStatus,
  category: ZCategory,
  riskLevel: ZRiskLevel,
  count: z.number().int(),
});
export const ZQueueSummary = z.object({
  /** The provinces counted (all the user may see, or the one that changed). */
  provinces: z.array(z.string()),
  rows: z.array(ZQueueSummaryRow),
  total: z.number().int(),
  at: ZIsoDate,
});
export type TQueueSummary = z.infer<typeof ZQueueSummary>;
