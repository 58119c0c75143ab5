import { z } from 'zod';
import { ZCallChannel, ZCallOutcome, ZCallerRelationship } from '../enums';
import { ZCaseCard, ZCaseIntake, ZCaseView } from './case';
import { ZIsoDate, ZObjectId, ZPhoneInput, text } from './common';

export const ZCallerInput = z
  .object({
    phone: ZPhoneInput.optional(),
    name: text(200).optional(),
    relationship: ZCallerRelationship.default('unknown'),
  })
  .strict();

/** POST /api/calls. */
export const ZCallInput = z
  .object({
    channel: ZCallChannel,
    startedAt: ZIsoDate.optional(),
    durationSeconds: z.number().int().min(0).max(86_400).optional(),
    caller: ZCallerInput.default({ relationship: 'unknown' }),
    outcome: ZCallOutcome,
    /** Attach the call to this existing case. */
    caseId: ZObjectId.optional(),
    /** The case this call opens. */
    case: ZCaseIntake.optional(),
    notes: text(5000).optional(),
    /** Chosen by the console once per draft, so a double submit logs one call. */
    clientRequestId: z.uuid().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.outcome === 'case_opened') {
      if (!v.case) ctx.addIssue({ code: 'custom', path: ['case'], message: 'is required when the outcome is case_opened' });
      if (v.caseId) ctx.addIssue({ code: 'custom', path: ['caseId'], message: 'must be empty when the outcome is case_opened' });
    } else if (v.outcome === 'attached_to_case') {
      if (!v.caseId) ctx.addIssue({ code: 'custom', path: ['caseId'], message: 'is required when the outcome is attached_to_case' });
      if (v.case) ctx.addIssue({ code: 'custom', path: ['case'], message: 'must be empty when the outcome is attached_to_case' });
    } else {
      if (v.caseId) ctx.addIssue({ code: 'custom', path: ['caseId'], message: `must be empty when the outcome is ${v.outcome}` });
      if (v.case) ctx.addIssue({ code: 'custom', path: ['case'], message: `must be empty when the outcome is ${v.outcome}` });
    }
  });
export type TCallInput = z.infer<typeof ZCallInput>;

export const ZCallerView = z.object({
  /** E.164; shown to staff who may read the call, never logged. */
  phone: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  name: z.string().nullable(),
  relationship: ZCallerRelationship,
});

export const ZCallView = z.object({
  id: ZObjectId,
  channel: ZCallChannel,
  startedAt: ZIsoDate,
  durationSeconds: z.number().int().nullable(),
  counsellorId: ZObjectId,
  provinceCode: z.string().nullable(),
  caller: ZCallerView,
  outcome: ZCallOutcome,
  caseId: ZObjectId.nullable(),
  notes: z.string().nullable(),
  createdAt: ZIsoDate,
});
export type TCallView = z.infer<typeof ZCallView>;

/** What lists and realtime events carry about a call: no phone, no notes. */
export const ZCallCard = ZCallView.omit({ caller: true, notes: true }).extend({
  callerPhoneMasked: z.string().nullable(),
  repeatCaller: z.boolean(),
});
export type TCallCard = z.infer<typeof ZCallCard>;

export const ZCallerHistory = z.object({
  phoneMasked: z.string().nullable(),
  previousCalls: z.array(ZCallCard),
  openCases: z.array(ZCaseCard),
});
export type TCallerHistory = z.infer<typeof ZCallerHistory>;

export const ZCallCreated = z.object({
  call: ZCallView,
  case: ZCaseView.nullable(),
  /** Earlier calls from the same number and its open cases (empty for a first-time caller). */
  callerHistory: ZCallerHistory,
});
export type TCallCreated = z.infer<typeof ZCallCreated>;

export const ZCallerLookupQuery = z.object({ phone: ZPhoneInput }).strict();
