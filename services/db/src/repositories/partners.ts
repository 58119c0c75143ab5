import { Types } from 'mongoose';
import { PROVINCE_CODES } from '@hotline/core';
import { findByIds, forEachValue, newestPage } from './by-ids';
import { PartnerModel, partnerQueryFields, type PartnerDoc } from '../models/partner';

export async function findPartnerById(id: string | Types.ObjectId): Promise<PartnerDoc | null> {
  if (typeof id === 'string' && !Types.ObjectId.isValid(id)) return null;
  return PartnerModel.findById(id).lean();
}

/** Partners answering from this number (an SMS reply, a keypad call). */
export async function partnersByPhone(e164: string): Promise<PartnerDoc[]> {
  return PartnerModel.find({ phones: e164 }).lean();
}

export async function partnerNames(ids: Types.ObjectId[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await findByIds(PartnerModel, ids, { name: 1 });
  return new Map(rows.map((r) => [r._id.toHexString(), r.name]));
}

export async function listPartners(q: { province?: string | undefined; category?: string | undefined; cursor?: string | undefined; limit: number }, provinces: string[] | null) {
  const eq: Record<string, unknown> = q.category ? { categories: q.category } : {};
  const rows = await forEachValue(q.province ? [q.province] : (provinces ?? PROVINCE_CODES), (provinceCode) =>
    PartnerModel.find({ ...eq, provinceCode }).lean<PartnerDoc[]>(),
  );
  return newestPage(rows, q.limit, q.cursor);
}

export type PartnerFields = Omit<PartnerDoc, '_id' | 'createdAt' | 'updatedAt' | 'provinceCode'>;

export async function createPartner(fields: PartnerFields): Promise<PartnerDoc> {
  const doc = await PartnerModel.create({ ...fields, ...partnerQueryFields(fields) });
  return doc.toObject();
}

export async function updatePartner(id: string, set: Partial<PartnerFields>): Promise<PartnerDoc | null> {
  return PartnerModel.findOneAndUpdate({ _id: id }, { $set: { ...set, ...partnerQueryFields(set) } }, { new: true }).lean();
}

/** Creates or updates a partner by (name, province): the demo seed's upsert. */
export async function upsertPartner(fields: PartnerFields): Promise<PartnerDoc> {
  const provinceCode = fields.area.provinceCode;
  const doc = await PartnerModel.findOneAndUpdate({ name: fields.name, provinceCode }, { $set: { ...fields, provinceCode } }, { upsert: true, new: true }).lean();
  if (!doc) throw new Error('partner upsert returned nothing');
  return doc;
}
