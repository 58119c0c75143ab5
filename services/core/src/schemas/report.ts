/**
 * Managers' reports: the query (a period of Vietnamese calendar days and
 * filters), the summary they answer (read from the daily rollups), and the
 * yearly targets it is compared with.
 */
import { z } from 'zod';
import { CALL_CHANNELS, CALL_OUTCOMES, CATEGORY_CODES, PERSON_GROUPS, RISK_LEVELS, ZCallChannel, ZCategory, ZPersonGroup, ZRiskLevel } from '../enums';
import { DEADLINE_KINDS } from '../sla/policy-schema';
import { PARTNER_KINDS } from './partner';
import { DISCHARGE_REASONS } from './resident';
import { ZObjectId, ZProvinceCode } from './common';

export const ZReportDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real day');

/** `a,b,c` or a repeated parameter → a list of codes, each checked. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? undefined : (Array.isArray(v) ? v : String(v).split(',')).map((s) => String(s).trim()).filter(Boolean)), z.array(item).max(50).optional());

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;

export const ZReportQuery = z
  .object({
    from: ZReportDay,
    to: ZReportDay,
    province: listOf(ZProvinceCode),
    category: listOf(ZCategory),
    risk: listOf(ZRiskLevel),
    group: listOf(ZPersonGroup),
    channel: listOf(ZCallChannel),
    format: z.enum(REPORT_FORMATS).default('json'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 3 * 366 * 86_400_000, { path: ['to'], message: 'a report covers at most three years' });
export type TReportQuery = z.infer<typeof ZReportQuery>;
/** The filters a summary is computed with (the format aside). */
export type TReportFilters = Omit<TReportQuery, 'format' | 'province'>;

const count = z.number().int().min(0);
export const ZCallsRow = z.object({ channel: z.enum(CALL_CHANNELS), outcome: z.enum(CALL_OUTCOMES), count });
export const ZCasesRow = z.object({ category: z.enum(CATEGORY_CODES), riskLevel: z.enum(RISK_LEVELS), communeCode: z.string().nullable(), group: z.enum(PERSON_GROUPS).nullable(), opened: count, closed: count });
export const ZReferralsRow = z.object({
  partnerId: z.string(), partnerName: z.string(), partnerKind: z.enum(PARTNER_KINDS), partnerType: z.string(),
  offered: count, accepted: count, declined: count, timedOut: count, acceptanceRate: z.number().nullable(),
});
export const ZSlaRow = z.object({ kind: z.enum(DEADLINE_KINDS), category: z.enum(CATEGORY_CODES), riskLevel: z.enum(RISK_LEVELS), met: count, breached: count, compliance: z.number().nullable() });
/** Discharges of a period, one count per reason. */
export const ZDischargeCounts = z.object(Object.fromEntries(DISCHARGE_REASONS.map((r) => [r, count])) as Record<(typeof DISCHARGE_REASONS)[number], typeof count>);
/** Placements per facility × resident group: admitted, discharged by reason and reunified within the period; cared for in it; residents now. */
export const ZPlacementRow = z.object({
  facilityId: z.string(), facilityName: z.string(), provinceCode: z.string(), group: z.enum(PERSON_GROUPS),
  admitted: count, discharged: ZDischargeCounts, reunified: count, caredFor: count, current: count,
});
export const ZTargetProgress = z.object({
  figure: z.string(), provinceCode: z.string(), facilityId: z.string().nullable(), group: z.enum(PERSON_GROUPS).nullable(),
  target: count, achieved: count, percent: z.number().nullable(),
});

export const ZReportSummary = z.object({
  from: ZReportDay,
  to: ZReportDay,
  provinces: z.array(z.string()),
  calls: z.object({ rows: z.array(ZCallsRow), total: count, silentOrPrank: count, silentOrPrankShare: z.number().nullable(), repeatCalls: count }),
  cases: z.object({ rows: z.array(ZCasesRow), opened: count, closed: count }),
  referrals: z.object({
    rows: z.array(ZReferralsRow),
    byKind: z.array(z.object({ partnerKind: z.enum(PARTNER_KINDS), offered: count, accepted: count, declined: count, timedOut: count, acceptanceRate: z.number().nullable() })),
    medianMinutesToAccept: z.number().nullable(),
    medianMinutesToFirstContact: z.number().nullable(),
  }),
  sla: z.object({ rows: z.array(ZSlaRow), legalClock: z.object({ met: count, breached: count, compliance: z.number().nullable() }) }),
  placements: z.object({
    rows: z.array(ZPlacementRow),
    byGroup: z.array(z.object({ group: z.enum(PERSON_GROUPS), admitted: count, discharged: count, reunified: count, caredFor: count, current: count })),
    admitted: count, discharged: ZDischargeCounts, reunified: count, caredFor: count, current: count,
  }),
  targets: z.object({ year: z.number().int(), through: ZReportDay, rows: z.array(ZTargetProgress) }),
});
export type TReportSummary = z.infer<typeof ZReportSummary>;

/** Hotline figures a province sets a yearly target for; `residents_cared_for` is per facility × group. */
export const HOTLINE_TARGET_FIGURES = ['calls_answered', 'cases_opened', 'cases_closed', 'referrals_accepted'] as const;
export const FACILITY_TARGET_FIGURES = ['residents_cared_for'] as const;
export const TARGET_FIGURES = [...HOTLINE_TARGET_FIGURES, ...FACILITY_TARGET_FIGURES] as const;
export const ZTargetFigure = z.enum(TARGET_FIGURES);
export type TTargetFigure = z.infer<typeof ZTargetFigure>;

export const ZTargetInput = z
  .object({
    year: z.number().int().min(2000).max(2100),
    provinceCode: ZProvinceCode,
    figure: ZTargetFigure,
    target: z.number().int().min(0).max(10_000_000),
    facilityId: ZObjectId.nullable().default(null),
    group: ZPersonGroup.nullable().default(null),
  })
  .strict()
  .refine((t) => (t.figure === 'residents_cared_for') === (t.facilityId !== null && t.group !== null), {
    path: ['facilityId'],
    message: 'a facility figure needs facilityId and group; a hotline figure takes neither',
  });
export type TTargetInput = z.infer<typeof ZTargetInput>;
export const ZTargetView = z.object({ id: z.string(), year: z.number().int(), provinceCode: z.string(), figure: ZTargetFigure, target: count, facilityId: z.string().nullable(), group: z.enum(PERSON_GROUPS).nullable(), updatedAt: z.string() });
export const ZTargetQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100), province: ZProvinceCode.optional() });

/** Case-list export: the cases opened in a period, as the manager's list shows them. */
export const ZCaseExportQuery = z
  .object({ from: ZReportDay, to: ZReportDay, province: ZProvinceCode.optional(), format: z.enum(['csv', 'xlsx']).default('csv') })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { path: ['to'], message: 'a case list covers at most a year' });

/** The Vietnamese calendar day (UTC+7, no daylight saving) of an instant, as YYYY-MM-DD. */
export const vietnamDay = (at: Date | number): string => new Date((typeof at === 'number' ? at : at.getTime()) + 7 * 3_600_000).toISOString().slice(0, 10);
/** The instant a Vietnamese calendar day starts. */
export const reportDayStart = (day: string): Date => new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 3_600_000);
/** achieved / target as a percent with one decimal (164/160 → 102.5); null without a target. */
export const percentOf = (achieved: number, target: number): number | null => (target > 0 ? Math.round((achieved / target) * 1000) / 10 : null);
