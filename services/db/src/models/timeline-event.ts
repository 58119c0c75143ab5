import { Schema, model, type Types } from 'mongoose';
import type { TActor } from '@hotline/core';

/** One line of a case's append-only timeline; `_id` is the outbox event id, so relaying twice writes once. */
export interface TimelineEventDoc {
  _id: string;
  caseId: Types.ObjectId;
  type: string;
  actor: TActor;
  at: Date;
  data: Record<string, unknown>;
}

const schema = new Schema<TimelineEventDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'timeline_events', versionKey: false, minimize: false },
);
schema.index({ caseId: 1, at: 1 });
schema.index({ type: 1, at: -1 });

export const TimelineEventModel = model<TimelineEventDoc>('TimelineEvent', schema);
