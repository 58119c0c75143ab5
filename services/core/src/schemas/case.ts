import { z } from 'zod';
import {
  CATEGORIES, ZCaseStatus, ZCategory, ZGender, ZPersonGroup, ZRiskLevel, ZSubCategory, ZRole,
} from '../enums';
import { ZCommuneCode, ZIsoDate, ZObjectId, ZProvinceCode, requiredText, text } from './common';
import { ZReferralView, ZRoutingDecision } from './referral';
import { ZDeadlineView } from './deadline';

export const ZSubject = z
  .object({
    name: text(200).optional(),
    ageYears: z.number().int().min(0).max(130).optional(),
    gender: ZGender.default('unknown'),
    group: ZPersonGroup.optional(),
    /** A child's own consent to sharing, recorded for a child aged 7 or more (Decree 13/2023, Law 91/2025). */
    ownConsent: z.boolean().optional(),
  })
  .strict();
export type TSubject = z.infer<typeof ZSubject>;

export const ZLocation = z
  .object({
    provinceCode: ZProvinceCode,
    communeCode: ZCommuneCode.optional(),
    address: text(500).optional(),
  })
  .strict();
export type TLocation = z.infer<typeof ZLocation>;

export const ZConsent = z
  .object({
    /** The caller agreed that the case is shared with partners who can help. */
    given: z.boolean(),
    method: z.enum(['verbal', 'written', 'not_possible']).default('verbal'),
    notes: text(1000).optional(),
  })
  .strict();

const subCategoriesBelong = (
  value: { category?: keyof typeof CATEGORIES | undefined; subCategories?: string[] | undefined },
  ctx: z.RefinementCtx,
) => {
  if (!value.category || !value.subCategories) return;
  const allowed: readonly string[] = CATEGORIES[value.category];
  value.subCategories.forEach((sub, i) => {
    if (!allowed.includes(sub)) {
      ctx.addIssue({ code: 'custom', path: ['subCategories', i], message: `is not a sub-category of ${value.category}` });
    }
  });
};

const caseFields = {
  category: ZCategory,
  subCategories: z.array(ZSubCategory).max(10).default([]),
  riskLevel: ZRiskLevel,
  subjects: z.array(ZSubject).min(1).max(20),
  location: ZLocation,
  summary: requiredText(10_000),
  consent: ZConsent.optional(),
};

/** The case part of a call that opens one. */
export const ZCaseIntake = z.object(caseFields).strict().superRefine(subCategoriesBelong);
export type TCaseIntake = z.infer<typeof ZCaseIntake>;

/** PATCH /api/cases/:id: triage fields, at least one. */
export const ZCaseTriagePatch = z
  .object({
    category: caseFields.category.optional(),
    subCategories: z.array(ZSubCategory).max(10).optional(),
    riskLevel: caseFields.riskLevel.optional(),
    subjects: caseFields.subjects.optional(),
    location: caseFields.location.optional(),
    summary: caseFields.summary.optional(),
    consent: ZConsent.optional(),
    assignedCounsellorId: ZObjectId.nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'must change at least one field' })
  .superRefine(subCategoriesBelong);
export type TCaseTriagePatch = z.infer<typeof ZCaseTriagePatch>;

export const ZStatusChange = z
  .object({ to: ZCaseStatus, reason: text(1000).optional() })
  .strict();
export type TStatusChange = z.infer<typeof ZStatusChange>;

export const NOTE_KINDS = ['note', 'contact_attempt', 'follow_up', 'home_visit'] as const;
export const ZNoteInput = z.object({ text: requiredText(5000), kind: z.enum(NOTE_KINDS).default('note') }).strict();
export type TNoteInput = z.infer<typeof ZNoteInput>;

export const ZCaseListQuery = z
  .object({
    status: ZCaseStatus.optional(),
    /** `true`: every status but closed; `false`: closed only. */
    open: z.enum(['true', 'false']).optional(),
    category: ZCategory.optional(),
    riskLevel: ZRiskLevel.optional(),
    province: ZProvinceCode.optional(),
    /** `me`, `none` or a user id. */
    assigned: z.union([z.literal('me'), z.literal('none'), ZObjectId]).optional(),
    /** `unroutable`: the supervisors' queue of cases no partner could take. */
    routing: z.enum(['none', 'offered', 'accepted', 'unroutable']).optional(),
    cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by the previous page').optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type TCaseListQuery = z.infer<typeof ZCaseListQuery>;

export const ZActor = z.object({
  kind: z.enum(['user', 'system', 'partner']),
  id: z.string().nullable(),
  role: ZRole.nullable(),
  name: z.string().nullable(),
});
export type TActor = z.infer<typeof ZActor>;

export const ZTimelineEvent = z.object({
  id: z.string(),
  caseId: ZObjectId,
  type: z.string(),
  actor: ZActor,
  at: ZIsoDate,
  data: z.record(z.string(), z.unknown()),
});
export type TTimelineEvent = z.infer<typeof ZTimelineEvent>;

/** What lists and realtime events carry: no names, no narrative. */
export const ZCaseCard = z.object({
  id: ZObjectId,
  reference: z.string(),
  status: ZCaseStatus,
  category: ZCategory,
  riskLevel: ZRiskLevel,
  provinceCode: z.string(),
  communeCode: z.string().nullable(),
  assignedCounsellorId: ZObjectId.nullable(),
  subjectCount: z.number().int(),
  createdAt: ZIsoDate,
  updatedAt: ZIsoDate,
});
export type TCaseCard = z.infer<typeof ZCaseCard>;

export const ZCaseView = ZCaseCard.extend({
  subCategories: z.array(z.string()),
  subjects: z.array(ZSubject.extend({ group: ZPersonGroup })),
  location: z.object({
    provinceCode: z.string(),
    provinceName: z.string().nullable(),
    communeCode: z.string().nullable(),
    communeName: z.string().nullable(),
    address: z.string().nullable(),
  }),
  summary: z.string(),
  consent: ZConsent.nullable(),
  createdBy: ZObjectId.nullable(),
  callIds: z.array(ZObjectId),
  version: z.number().int(),
  routingState: z.enum(['none', 'offered', 'accepted', 'unroutable']),
  routingRound: z.number().int(),
  timeline: z.array(ZTimelineEvent).optional(),
  referrals: z.array(ZReferralView).optional(),
  /** Every routing round's decision (each candidate considered, why ranked or excluded), for staff on the one-case view. */
  routingDecisions: z.array(ZRoutingDecision).optional(),
  /** The case's SLA deadlines (kind, due time, state, escalation level), on the one-case view. */
  deadlines: z.array(ZDeadlineView).optional(),
  /** A supervisor shared the case with partners without the consent the law asks for, and why (staff see it on the case page). */
  consentOverride: z.object({ byId: ZObjectId, byName: z.string().nullable(), reason: z.string(), at: ZIsoDate }).nullable().optional(),
  /**
   * true on a partner's view of a case shared without the caller's consent: names, the summary,
   * the address, the calls and staff notes are left out (see partnerCaseView).
   */
  detailsWithheld: z.boolean().optional(),
});
export type TCaseView = z.infer<typeof ZCaseView>;

/** POST /api/cases/:id/consent-override: why the case is shared with partners without consent. */
export const ZConsentOverrideInput = z.object({ reason: requiredText(1000).refine((r) => r.length >= 10, { message: 'must say why, in at least 10 characters' }) }).strict();
export type TConsentOverrideInput = z.infer<typeof ZConsentOverrideInput>;
