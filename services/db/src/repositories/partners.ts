import { Types } from 'mongoose';
import { PartnerModel, type PartnerDoc } from '../models/partner';

export async function findPartnerById(id: string | Types.ObjectId): Promise<PartnerDoc | null> {
  if (typeof id === 'string' && !Types.ObjectId.isValid(id)) return null;
  return PartnerModel.findById(id).lean();
}

export async function findPartnerByUserId(userId: string): Promise<PartnerDoc | null> {
  return PartnerModel.findOne({ userId: new Types.ObjectId(userId) }).lean();
}

/** Partners answering from this number (an SMS reply, a keypad call). */
export async function partnersByPhone(e164: string): Promise<PartnerDoc[]> {
  return PartnerModel.find({ phones: e164 }).lean();
}

export async function partnerNames(ids: Types.ObjectId[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await PartnerModel.find({ _id: { $in: ids } }, { name: 1 }).lean();
  return new Map(rows.map((r) => [r._id.toHexString(), r.name]));
}

export async function listPartners(q: { province?: string | undefined; category?: string | undefined; cursor?: string | undefined; limit: number }, provinces: string[] | null) {
  const filter: Record<string, unknown> = {};
  if (q.province) filter['area.provinceCode'] = q.province;
  else if (provinces) filter['area.provinceCode'] = { $in: provinces };
  if (q.category) filter.categories = q.category;
  if (q.cursor) filter._id = { $lt: new Types.ObjectId(q.cursor) };
  const rows = await PartnerModel.find(filter).sort({ _id: -1 }).limit(q.limit + 1).lean();
  const items = rows.slice(0, q.limit);
  return { items, nextCursor: rows.length > q.limit ? (items[items.length - 1]?._id.toHexString() ?? null) : null };
}

export type PartnerFields = Omit<PartnerDoc, '_id' | 'createdAt' | 'updatedAt'>;

export async function createPartner(fields: PartnerFields): Promise<PartnerDoc> {
  const doc = await PartnerModel.create(fields);
  return doc.toObject();
}

export async function updatePartner(id: string, set: Partial<PartnerFields>): Promise<PartnerDoc | null> {
  return PartnerModel.findOneAndUpdate({ _id: id }, { $set: set }, { new: true }).lean();
}

/** Creates or updates a partner by (name, province): the demo seed's upsert. */
export async function upsertPartner(fields: PartnerFields): Promise<PartnerDoc> {
  const doc = await PartnerModel.findOneAndUpdate({ name: fields.name, 'area.provinceCode': fields.area.provinceCode }, { $set: fields }, { upsert: true, new: true }).lean();
  if (!doc) throw new Error('partner upsert returned nothing');
  return doc;
}
