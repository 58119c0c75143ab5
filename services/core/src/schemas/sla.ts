/**
 * The SLA surface the API, workers and console share: stored settings
 * (policies, quiet hours, business calendar), deadline views, the manager
 * overview and breach list, and the realtime payloads. Rules live in ../sla.
 */
import { z } from 'zod';
import { ZCategory, ZRiskLevel } from '../enums';
import { ZBusinessCalendar } from '../sla/business-calendar';
import { ZDeadlineKind, ZEscalationAction, ZSlaPolicySet } from '../sla/policy-schema';
import { ZQuietHours } from '../sla/quiet-hours';
import { ZEscalationAudience } from '../sla/escalation';
import { ZIsoDate, ZObjectId, ZProvinceCode } from './common';
import { ZCaseCard } from './case';
import { ZDeadlineView } from './deadline';

/** The stored SLA settings: one document, edited by an admin. */
export const ZSlaSettingsInput = z
  .object({
    policySet: ZSlaPolicySet,
    /** Quiet hours for non-emergency SMS reminders to partners; kept as they are when left out. */
    quietHours: ZQuietHours.optional(),
    /** Working days, hours and holidays for business-hours policies; kept as they are when left out. */
    calendar: ZBusinessCalendar.optional(),
    /**
     * The `version` the editor read. When given, a save over settings another admin changed since is
     * refused with 409 instead of silently undoing their change.
     */
    version: z.number().int().min(0).optional(),
  })
  .strict();
export type TSlaSettingsInput = z.infer<typeof ZSlaSettingsInput>;

export const ZSlaSettingsView = z.object({
  policySet: ZSlaPolicySet,
  quietHours: ZQuietHours,
  calendar: ZBusinessCalendar,
  version: z.number().int(),
  updatedAt: ZIsoDate.nullable(),
  updatedBy: z.string().nullable(),
});
export type TSlaSettingsView = z.infer<typeof ZSlaSettingsView>;

export const ZSlaOverviewQuery = z.object({ province: ZProvinceCode.optional() }).strict();

export const ZSlaOverviewRow = z.object({
  provinceCode: z.string(),
  category: ZCategory,
  /** Deadlines not met yet, by state. */
  open: z.object({ pending: z.number().int(), breached: z.number().int() }),
  /** Breaches recorded since 00:00 today / Monday 00:00, Vietnam time. */
  breachesToday: z.number().int(),
  breachesThisWeek: z.number().int(),
  /** Over the last 90 days; null when nothing was accepted / contacted. */
  medianMinutesToAccept: z.number().nullable(),
  medianMinutesToFirstContact: z.number().nullable(),
});
export const ZSlaOverview = z.object({ at: ZIsoDate, provinces: z.array(z.string()), rows: z.array(ZSlaOverviewRow) });
export type TSlaOverview = z.infer<typeof ZSlaOverview>;

export const ZSlaBreachQuery = z
  .object({
    province: ZProvinceCode.optional(),
    category: ZCategory.optional(),
    riskLevel: ZRiskLevel.optional(),
    kind: ZDeadlineKind.optional(),
    /** Breaches recorded at or after / before these instants. */
    since: ZIsoDate.optional(),
    until: ZIsoDate.optional(),
    /** Only breaches whose case is still open. */
    open: z.enum(['true', 'false']).optional(),
    cursor: ZObjectId.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type TSlaBreachQuery = z.infer<typeof ZSlaBreachQuery>;

export const ZSlaBreach = z.object({
  deadline: ZDeadlineView,
  provinceCode: z.string(),
  category: ZCategory,
  riskLevel: ZRiskLevel,
  reference: z.string(),
});

/** Realtime: a reminder (to the partner) or a legal-clock alert (to the province's managers). */
export const ZSlaWarningEvent = z.object({
  case: ZCaseCard,
  deadline: ZDeadlineView,
  /** Share of the window elapsed. */
  fraction: z.number(),
  audience: z.enum(['partner', 'province_managers']),
});
export const ZSlaBreachedEvent = z.object({
  case: ZCaseCard,
  deadline: ZDeadlineView,
  /** Present on escalation steps: who the step reached. */
  escalation: z
    .object({ level: z.number().int().min(1), action: ZEscalationAction, audience: ZEscalationAudience })
    .optional(),
});
export type TSlaBreach = z.infer<typeof ZSlaBreach>;
export type TSlaWarningEvent = z.infer<typeof ZSlaWarningEvent>;
export type TSlaBreachedEvent = z.infer<typeof ZSlaBreachedEvent>;
