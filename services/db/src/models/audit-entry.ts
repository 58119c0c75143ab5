import { Schema, model } from 'mongoose';

/**
 * Who read or wrote which sensitive record, when. Append-only and
 * tamper-evident: each entry belongs to one writer's chain (`chain`, one per
 * process run) at position `seq`, carries the hash of the entry before it in
 * that chain (`prevHash`) and its own hash over its content and `prevHash`
 * (services/db/src/repositories/audit-chain.ts). `_id` is `<chain>:<seq>`, so
 * flushing an entry twice stores it once.
 */
export interface AuditEntryDoc {
  _id: string;
  at: Date;
  /** `YYYY-MM` of `at` (UTC): the viewer pages one month at a time by equality. */
  month: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  /** The province of the record touched, when it has one: managers see their provinces' entries. */
  provinceCode: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: 'allowed' | 'denied';
  /** Why, when the action needs one (a consent override). Never a name or a narrative. */
  reason: string | null;
  chain: string;
  seq: number;
  prevHash: string;
  hash: string;
}

const schema = new Schema<AuditEntryDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    month: { type: String, required: true },
    actorId: { type: String, default: null },
    actorRole: { type: String, default: null },
    action: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, default: null },
    provinceCode: { type: String, default: null },
    requestId: { type: String, default: null },
    ip: { type: String, default: null },
    outcome: { type: String, enum: ['allowed', 'denied'], default: 'allowed' },
    reason: { type: String, default: null },
    chain: { type: String, required: true },
    seq: { type: Number, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'audit_log', versionKey: false },
);
schema.index({ targetType: 1, targetId: 1, at: -1 });
schema.index({ actorId: 1, at: -1 });
// The viewer: a month (admins) or a province's month (managers), optionally one action.
schema.index({ month: 1, provinceCode: 1, at: -1 });
schema.index({ action: 1, month: 1 });
// Verification walks one chain in order.
schema.index({ chain: 1, seq: 1 }, { unique: true });

export const AuditEntryModel = model<AuditEntryDoc>('AuditEntry', schema);

/** The newest entry of each chain that reached the database: a deleted tail shows as a gap before it. */
export interface AuditChainDoc {
  _id: string;
  /** Always 'chain': the verifier lists chains by this equality. */
  kind: 'chain';
  seq: number;
  hash: string;
  updatedAt: Date;
}

const chainSchema = new Schema<AuditChainDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['chain'], default: 'chain' },
    seq: { type: Number, required: true },
    hash: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'audit_chains', versionKey: false },
);
chainSchema.index({ kind: 1 });

export const AuditChainModel = model<AuditChainDoc>('AuditChain', chainSchema);
