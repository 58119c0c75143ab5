import { Schema, model, type Types } from 'mongoose';

/** Who read or wrote which sensitive record, when. Append-only. */
export interface AuditEntryDoc {
  _id: Types.ObjectId;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: 'allowed' | 'denied';
}

const schema = new Schema<AuditEntryDoc>(
  {
    at: { type: Date, required: true },
    actorId: { type: String, default: null },
    actorRole: { type: String, default: null },
    action: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, default: null },
    requestId: { type: String, default: null },
    ip: { type: String, default: null },
    outcome: { type: String, enum: ['allowed', 'denied'], default: 'allowed' },
  },
  { collection: 'audit_log', versionKey: false },
);
schema.index({ targetType: 1, targetId: 1, at: -1 });
schema.index({ actorId: 1, at: -1 });

export const AuditEntryModel = model<AuditEntryDoc>('AuditEntry', schema);
