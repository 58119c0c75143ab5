import { createHash } from 'node:crypto';
import { Types } from 'mongoose';

/**
 * An id derived from a case and a key (a routing round and slot, a round's
 * decision): a re-run finds what an earlier run wrote by `_id` alone, and a
 * second insert fails on the `_id`. The first four bytes are the case id's
 * (its creation time), so these ids still sort by the age of the case.
 */
export function caseDerivedId(caseId: Types.ObjectId, key: string): Types.ObjectId {
  const h = createHash('sha256').update(`${caseId.toHexString()}:${key}`).digest('hex');
  return new Types.ObjectId(caseId.toHexString().slice(0, 8) + h.slice(0, 16));
}
