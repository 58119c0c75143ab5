import { Schema, model } from 'mongoose';

/** Monotonic sequences (case references). A value handed out is never handed out again. */
export interface CounterDoc {
  _id: string;
  seq: number;
}

const schema = new Schema<CounterDoc>({ _id: { type: String, required: true }, seq: { type: Number, default: 0 } }, { collection: 'counters', versionKey: false });

export const CounterModel = model<CounterDoc>('Counter', schema);
