import { Schema, model, type Types } from 'mongoose';

/** One call in a caller's recent list. */
export interface CallerCallRef {
  callId: Types.ObjectId;
  startedAt: Date;
}

/**
 * The newest calls of one phone number, per province the calls were logged in
 * (`_id` = the number's keyed hash; `byProvince['-']` holds calls logged
 * without a province). Recognising a repeat caller reads this one document
 * and then the listed calls by id, however many calls the number has made:
 * the national line's busiest numbers call thousands of times a year.
 */
export interface CallerCallsDoc {
  _id: string;
  byProvince: Record<string, CallerCallRef[]>;
  version: number;
}

const schema = new Schema<CallerCallsDoc>(
  {
    _id: { type: String, required: true },
    byProvince: { type: Schema.Types.Mixed, default: {} },
    version: { type: Number, default: 0 },
  },
  { collection: 'caller_calls', versionKey: false, minimize: false },
);

export const CallerCallsModel = model<CallerCallsDoc>('CallerCalls', schema);
