/**
 * Residents of facilities: a person admitted after the facility accepted a
 * referral that needs placement, cared for, traced back to a family and
 * discharged with a reason. Types for the API, the workers and the console.
 */
import { z } from 'zod';
import { ZGender, ZPersonGroup } from '../enums';
import { ZIsoDate, ZObjectId, requiredText, text } from './common';

export const DISCHARGE_REASONS = ['reunified', 'transferred', 'independent_living', 'adopted', 'deceased', 'other'] as const;
export const ZDischargeReason = z.enum(DISCHARGE_REASONS);
export type TDischargeReason = z.infer<typeof ZDischargeReason>;

/** Family tracing steps, in the order they usually happen (any may be recorded more than once). */
export const TRACING_STEPS = ['family_identified', 'contacted', 'assessment', 'visit'] as const;
export const ZTracingStep = z.enum(TRACING_STEPS);
export type TTracingStep = z.infer<typeof ZTracingStep>;

/** Follow-up visits after reunification, months after the reunification date (each an SLA deadline). */
export const REUNIFICATION_VISIT_MONTHS = [1, 3, 6] as const;
export const ZVisitMonth = z.union([z.literal(1), z.literal(3), z.literal(6)]);
export type TVisitMonth = z.infer<typeof ZVisitMonth>;

const notFuture = (field: string) => (s: string | undefined, ctx: z.RefinementCtx) => {
  if (s !== undefined && Date.parse(s) > Date.now() + 5 * 60_000) ctx.addIssue({ code: 'custom', path: [field], message: 'must not be in the future' });
};

/** What the facility's user confirms when admitting the person (prefilled from the case). */
export const ZAdmissionInput = z
  .object({
    referralId: ZObjectId,
    /** Which person of the case (0 = the first subject). */
    subjectIndex: z.number().int().min(0).max(19).default(0),
    /** Defaults to the case subject's group. */
    group: ZPersonGroup.optional(),
    admittedAt: ZIsoDate.optional(),
    /** The name as the facility records it: needed when the case withheld names (no consent to share), else the case's. */
    name: text(200).optional(),
    legalBasis: requiredText(300),
    decisionNumber: text(100).optional(),
    bed: text(60).optional(),
  })
  .strict()
  .superRefine((v, ctx) => notFuture('admittedAt')(v.admittedAt, ctx));
export type TAdmissionInput = z.infer<typeof ZAdmissionInput>;

export const ZCareNoteInput = z.object({ text: requiredText(4000) }).strict();

export const ZTracingInput = z
  .object({ step: ZTracingStep, at: ZIsoDate.optional(), note: text(2000).optional() })
  .strict()
  .superRefine((v, ctx) => notFuture('at')(v.at, ctx));
export type TTracingInput = z.infer<typeof ZTracingInput>;

export const ZReunificationInput = z
  .object({ reunifiedAt: ZIsoDate, note: text(2000).optional() })
  .strict()
  .superRefine((v, ctx) => notFuture('reunifiedAt')(v.reunifiedAt, ctx));

export const ZVisitInput = z
  .object({ month: ZVisitMonth, at: ZIsoDate.optional(), note: text(2000).optional() })
  .strict()
  .superRefine((v, ctx) => notFuture('at')(v.at, ctx));

export const ZDischargeInput = z
  .object({ reason: ZDischargeReason, at: ZIsoDate.optional(), note: text(2000).optional() })
  .strict()
  .superRefine((v, ctx) => notFuture('at')(v.at, ctx));
export type TDischargeInput = z.infer<typeof ZDischargeInput>;

export const ZResidentListQuery = z
  .object({ status: z.enum(['current', 'discharged', 'all']).default('current') })
  .strict();

export const ZResidentVisit = z.object({
  month: ZVisitMonth,
  dueAt: ZIsoDate,
  doneAt: ZIsoDate.nullable(),
  deadlineId: ZObjectId.nullable(),
});

export const ZResidentView = z.object({
  id: ZObjectId,
  facilityId: ZObjectId,
  facilityName: z.string(),
  provinceCode: z.string(),
  caseId: ZObjectId,
  caseReference: z.string(),
  referralId: ZObjectId,
  name: z.string().nullable(),
  ageYears: z.number().int().nullable(),
  gender: ZGender,
  group: ZPersonGroup,
  admittedAt: ZIsoDate,
  legalBasis: z.string(),
  decisionNumber: z.string().nullable(),
  bed: z.string().nullable(),
  current: z.boolean(),
  dischargedAt: ZIsoDate.nullable(),
  dischargeReason: ZDischargeReason.nullable(),
  reunifiedAt: ZIsoDate.nullable(),
  visits: z.array(ZResidentVisit),
});
export type TResidentView = z.infer<typeof ZResidentView>;

export const RESIDENT_EVENT_TYPES = ['admitted', 'care_note', 'tracing', 'reunified', 'visit_done', 'discharged'] as const;
export const ZResidentEventView = z.object({
  id: z.string(),
  type: z.enum(RESIDENT_EVENT_TYPES),
  at: ZIsoDate,
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TResidentEventView = z.infer<typeof ZResidentEventView>;

export const ZResidentDetail = ZResidentView.extend({ timeline: z.array(ZResidentEventView) });
export type TResidentDetail = z.infer<typeof ZResidentDetail>;

/** What admitting a referral's person would record: the console's prefill. */
export const ZAdmissionDraft = z.object({
  referralId: ZObjectId,
  caseReference: z.string(),
  subjects: z.array(z.object({ index: z.number().int(), name: z.string().nullable(), ageYears: z.number().int().nullable(), gender: ZGender, group: ZPersonGroup, residentId: ZObjectId.nullable() })),
});
export type TAdmissionDraft = z.infer<typeof ZAdmissionDraft>;

/** Occupancy of one facility per group, derived from its current residents. */
export const ZGroupBeds = z.object({ group: ZPersonGroup, beds: z.number().int(), inUse: z.number().int() });
export type TGroupBeds = z.infer<typeof ZGroupBeds>;
