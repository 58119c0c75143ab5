import { foldVietnamese } from '@hotline/core';
import { findByIds } from './by-ids';
import { CommuneModel, type CommuneDoc } from '../models/commune';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function findCommune(code: string): Promise<CommuneDoc | null> {
  return CommuneModel.findById(code).lean();
}

/** Communes of a province whose folded name contains the folded query ("ba dinh" finds "Phường Ba Đình"). */
export async function searchCommunes(provinceCode: string, query: string | undefined, limit = 50): Promise<CommuneDoc[]> {
  const filter: Record<string, unknown> = { provinceCode };
  const folded = query ? foldVietnamese(query) : '';
  if (folded) filter.searchKey = { $regex: escapeRegex(folded) };
  return CommuneModel.find(filter).sort({ searchKey: 1 }).limit(limit).lean();
}

/**
 * Commune names never change while a process runs (the official list is only
 * written by the seed), so names read once are kept: a referral notice names
 * its commune without a database read.
 */
const communeNameCache = new Map<string, string>();

export async function communeNames(codes: string[]): Promise<Map<string, string>> {
  const missing = codes.filter((c) => !communeNameCache.has(c));
  if (missing.length > 0) {
    const rows = await findByIds(CommuneModel, missing, { name: 1 });
    for (const r of rows) communeNameCache.set(r._id, r.name);
  }
  const names = new Map<string, string>();
  for (const c of codes) {
    const name = communeNameCache.get(c);
    if (name !== undefined) names.set(c, name);
  }
  return names;
}
