import { CounterModel } from '../models/counter';

/** Next value of a named sequence (1, 2, ...). Atomic; a value is never handed out twice. */
export async function nextSequence(key: string): Promise<number> {
  const doc = await CounterModel.findOneAndUpdate({ _id: key }, { $inc: { seq: 1 } }, { upsert: true, new: true }).lean();
  if (!doc) throw new Error(`counter ${key} was not created`);
  return doc.seq;
}
