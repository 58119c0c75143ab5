import { Schema, model, type Types } from 'mongoose';
import { DISCHARGE_REASONS, GENDERS, PERSON_GROUPS, RESIDENT_EVENT_TYPES, type TActor, type TDischargeReason, type TPersonGroup, type TVisitMonth } from '@hotline/core';

export interface ResidentVisit {
  month: TVisitMonth;
  dueAt: Date;
  doneAt: Date | null;
  /** The SLA deadline that reminds and escalates this visit (its id is chosen with the plan, so a retry finds it). */
  deadlineId: Types.ObjectId;
}

/**
 * A person living in a facility, admitted from an accepted referral. One per
 * (referral, person of the case): `admissionKey` makes admission idempotent.
 * `provinceCode` is the facility's province at the top level (staff read by it);
 * `current` is true until discharge (the facility's list reads by it).
 */
export interface ResidentDoc {
  _id: Types.ObjectId;
  admissionKey: string;
  facilityId: Types.ObjectId;
  provinceCode: string;
  caseId: Types.ObjectId;
  caseReference: string;
  referralId: Types.ObjectId;
  subjectIndex: number;
  name: string | null;
  ageYears: number | null;
  gender: (typeof GENDERS)[number];
  group: TPersonGroup;
  admittedAt: Date;
  legalBasis: string;
  decisionNumber: string | null;
  bed: string | null;
  current: boolean;
  dischargedAt: Date | null;
  dischargeReason: TDischargeReason | null;
  reunifiedAt: Date | null;
  visits: ResidentVisit[];
  /** A follow-up visit is still to be done (derived from `visits` by `visitsOpenOf`): the reconciler checks their deadlines. */
  visitsOpen?: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<ResidentDoc>(
  {
    admissionKey: { type: String, required: true },
    facilityId: { type: Schema.Types.ObjectId, required: true },
    provinceCode: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    caseReference: { type: String, required: true },
    referralId: { type: Schema.Types.ObjectId, required: true },
    subjectIndex: { type: Number, required: true },
    name: { type: String, default: null },
    ageYears: { type: Number, default: null },
    gender: { type: String, enum: GENDERS, required: true },
    group: { type: String, enum: PERSON_GROUPS, required: true },
    admittedAt: { type: Date, required: true },
    legalBasis: { type: String, required: true },
    decisionNumber: { type: String, default: null },
    bed: { type: String, default: null },
    current: { type: Boolean, required: true },
    dischargedAt: { type: Date, default: null },
    dischargeReason: { type: String, enum: [...DISCHARGE_REASONS, null], default: null },
    reunifiedAt: { type: Date, default: null },
    visits: { type: Schema.Types.Mixed, default: () => [] },
    visitsOpen: { type: Boolean, default: false },
    version: { type: Number, default: 1 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'residents', versionKey: false, minimize: false },
);
schema.index({ admissionKey: 1 }, { unique: true });
schema.index({ facilityId: 1, current: 1 });
schema.index({ provinceCode: 1, current: 1 });
schema.index({ caseId: 1 });
schema.index({ visitsOpen: 1 });

/** The query flag a write of `visits` carries. */
export const visitsOpenOf = (visits: readonly ResidentVisit[]): boolean => visits.some((v) => !v.doneAt);

export const ResidentModel = model<ResidentDoc>('Resident', schema);

/** One line of a resident's timeline (admission, care notes, tracing, reunification, visits, discharge). */
export interface ResidentEventDoc {
  _id: string;
  residentId: Types.ObjectId;
  type: (typeof RESIDENT_EVENT_TYPES)[number];
  actor: TActor;
  at: Date;
  data: Record<string, unknown>;
}

const eventSchema = new Schema<ResidentEventDoc>(
  {
    _id: { type: String, required: true },
    residentId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, enum: RESIDENT_EVENT_TYPES, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'resident_events', versionKey: false, minimize: false },
);
eventSchema.index({ residentId: 1, at: 1 });

export const ResidentEventModel = model<ResidentEventDoc>('ResidentEvent', eventSchema);
