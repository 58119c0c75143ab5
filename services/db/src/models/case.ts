import { Schema, model, type Types } from 'mongoose';
import {
  CASE_STATUSES, CATEGORY_CODES, GENDERS, PERSON_GROUPS, RISK_LEVELS,
  type TActor, type TCaseStatus, type TCategory, type TPersonGroup, type TRiskLevel,
} from '@hotline/core';
import type { CallDoc } from './call';

/**
 * An event written in the same atomic update as the case change it records.
 * The outbox relay copies it to timeline_events (and, for `call.logged`,
 * writes the call document it carries), then clears the outbox.
 */
export interface OutboxEntry {
  eventId: string;
  type: string;
  actor: TActor;
  at: Date;
  data: Record<string, unknown>;
  /** The call a `call.logged` event brings with it. */
  call?: CallDoc;
}

export interface SubjectFields {
  name: string | null;
  ageYears: number | null;
  gender: (typeof GENDERS)[number];
  /** A child's own consent to sharing (asked from 7); null when not recorded. */
  ownConsent?: boolean | null;
  group: TPersonGroup;
}

export interface CaseDoc {
  _id: Types.ObjectId;
  reference: string;
  intakeKey: string;
  status: TCaseStatus;
  category: TCategory;
  subCategories: string[];
  riskLevel: TRiskLevel;
  subjects: SubjectFields[];
  location: { provinceCode: string; communeCode: string | null; address: string | null };
  /**
   * Query fields: copies kept at the top level because the embedded database
   * only serves top-level equality from an index (see `caseQueryFields`,
   * the one place that derives them). `open`: the status is not closed.
   */
  provinceCode: string;
  open: boolean;
  /** UTC month (YYYY-MM) of the `_id`'s timestamp: lists page one month at a time (`monthOfId`). */
  createdMonth: string;
  summary: string;
  consent: { given: boolean; method: string; notes: string | null } | null;
  /** A supervisor's decision to share the case with partners without the consent the law asks for. */
  consentOverride?: { byId: Types.ObjectId; byName: string | null; reason: string; at: Date } | null;
  assignedCounsellorId: Types.ObjectId | null;
  createdBy: Types.ObjectId | null;
  callIds: Types.ObjectId[];
  callerPhoneHashes: string[];
  /**
   * The case search's blind index: keyed hashes of (province, term) for every term the case is found by
   * (`caseSearchTerms`: name, commune and address words and their prefixes, reference, caller phone hashes).
   * No readable word is stored. Derived in one place (`repositories/case-search.ts`) whenever a name, the
   * location or a caller changes; `searchKeysVersion` tells the rebuild which cases it has yet to derive.
   */
  searchKeys: string[];
  searchKeysVersion: number;
  /** Partners a referral of this case was sent to (who may read it). */
  referredPartnerIds: Types.ObjectId[];
  /** The current routing round (1 for the first offer, +1 for each re-route). */
  routingRound: number;
  /** none → offered → accepted, or unroutable when no partner could be found. */
  routingState: 'none' | 'offered' | 'accepted' | 'unroutable';
  acceptedReferralId: Types.ObjectId | null;
  /** Incremented by every change; the outbox relay clears only the version it read. */
  version: number;
  outbox: OutboxEntry[];
  /** True while the outbox may hold events the relay has not moved yet. */
  outboxPending: boolean;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  /** When the retention job removed what identified anyone (null: not anonymised). */
  anonymisedAt?: Date | null;
}

const schema = new Schema<CaseDoc>(
  {
    reference: { type: String, required: true },
    intakeKey: { type: String, required: true },
    status: { type: String, enum: CASE_STATUSES, required: true },
    category: { type: String, enum: CATEGORY_CODES, required: true },
    subCategories: { type: [String], default: [] },
    riskLevel: { type: String, enum: RISK_LEVELS, required: true },
    subjects: [
      {
        _id: false,
        name: { type: String, default: null },
        ageYears: { type: Number, default: null },
        gender: { type: String, enum: GENDERS, default: 'unknown' },
        group: { type: String, enum: PERSON_GROUPS, required: true },
        ownConsent: { type: Boolean, default: null },
      },
    ],
    location: {
      provinceCode: { type: String, required: true },
      communeCode: { type: String, default: null },
      address: { type: String, default: null },
    },
    provinceCode: { type: String, required: true },
    open: { type: Boolean, required: true },
    createdMonth: { type: String, required: true },
    summary: { type: String, required: true },
    consent: { type: Schema.Types.Mixed, default: null },
    consentOverride: { type: Schema.Types.Mixed, default: null },
    assignedCounsellorId: { type: Schema.Types.ObjectId, default: null },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    callIds: { type: [Schema.Types.ObjectId], default: [] },
    callerPhoneHashes: { type: [String], default: [] },
    searchKeys: { type: [String], default: [] },
    searchKeysVersion: { type: Number, default: 0 },
    referredPartnerIds: { type: [Schema.Types.ObjectId], default: [] },
    routingRound: { type: Number, default: 0 },
    routingState: { type: String, enum: ['none', 'offered', 'accepted', 'unroutable'], default: 'none' },
    acceptedReferralId: { type: Schema.Types.ObjectId, default: null },
    version: { type: Number, default: 1 },
    outbox: { type: Schema.Types.Mixed, default: () => [] },
    outboxPending: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
    anonymisedAt: { type: Date, default: null },
  },
  { collection: 'cases', versionKey: false, minimize: false },
);
schema.index({ reference: 1 }, { unique: true });
schema.index({ intakeKey: 1 }, { unique: true });
schema.index({ provinceCode: 1, createdMonth: 1, open: 1 });
schema.index({ provinceCode: 1, status: 1, _id: -1 });
schema.index({ callerPhoneHashes: 1 });
schema.index({ outboxPending: 1 });
schema.index({ assignedCounsellorId: 1, status: 1 });
schema.index({ routingState: 1, provinceCode: 1 });
/** The case search: one equality per (province, term) key (a GIN on the embedded database). */
schema.index({ searchKeys: 1 });

/**
 * The top-level query fields a case write must carry with the fields they
 * derive from: `location` → `provinceCode`, `status` → `open`. Applied by
 * the insert and by `withOutbox`, through which every case update goes.
 */
export function caseQueryFields(set: { location?: { provinceCode: string }; status?: TCaseStatus }): Partial<Pick<CaseDoc, 'provinceCode' | 'open'>> {
  return {
    ...(set.location ? { provinceCode: set.location.provinceCode } : {}),
    ...(set.status ? { open: set.status !== 'closed' } : {}),
  };
}

export const CaseModel = model<CaseDoc>('Case', schema);
