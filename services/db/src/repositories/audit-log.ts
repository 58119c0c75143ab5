/**
 * Reading the audit log (the viewer and its export). Every query has a
 * top-level equality on an indexed field: the case (`targetType`+`targetId`),
 * the user (`actorId`), or else one month at a time (`month`, with `action`
 * when one is asked); a manager's provinces are one equality each.
 */
import type { FilterQuery } from 'mongoose';
import { AuditEntryModel, type AuditEntryDoc } from '../models/audit-entry';
import { CaseModel } from '../models/case';
import { monthOfDate } from './audit';

export interface AuditLogFilter {
  user?: string;
  case?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
}

export interface AuditLogScope {
  /** null: every province and the entries with none (admins). */
  provinces: string[] | null;
}

export interface AuditLogPage {
  items: AuditEntryDoc[];
  nextCursor: string | null;
}

/** When no `from` is given, how far back a page looks for entries. */
const MAX_MONTHS_BACK = 24;

const encodeCursor = (e: AuditEntryDoc) => Buffer.from(`${e.at.getTime()}_${e._id}`).toString('base64url');

type OrderKey = Pick<AuditEntryDoc, 'at' | 'chain' | 'seq'>;

function decodeCursor(encoded: string | undefined): { at: Date; last: OrderKey } | null {
  if (!encoded) return null;
  const cursor = Buffer.from(encoded, 'base64url').toString();
  const i = cursor.indexOf('_');
  const j = cursor.lastIndexOf(':');
  const ms = Number(cursor.slice(0, i));
  const seq = Number(cursor.slice(j + 1));
  if (i < 1 || j < i || !Number.isFinite(ms) || !Number.isInteger(seq)) return null;
  const at = new Date(ms);
  return { at, last: { at, chain: cursor.slice(i + 1, j), seq } };
}

/** Months from `to`'s back to `from`'s, newest first. */
function monthsBetween(from: Date, to: Date): string[] {
  const out: string[] = [];
  let y = to.getUTCFullYear();
  let m = to.getUTCMonth();
  const last = monthOfDate(from);
  for (let i = 0; i < 240; i++) {
    const key = `${y}-${String(m + 1).padStart(2, '0')}`;
    out.push(key);
    if (key <= last) break;
    m -= 1;
    if (m < 0) [y, m] = [y - 1, 11];
  }
  return out;
}

/** Newest first; entries of the same millisecond by chain, then latest in the chain first. */
const newestFirst = (a: OrderKey, b: OrderKey) => b.at.getTime() - a.at.getTime() || (a.chain < b.chain ? 1 : a.chain > b.chain ? -1 : b.seq - a.seq);

export async function listAuditEntries(filter: AuditLogFilter, scope: AuditLogScope): Promise<AuditLogPage> {
  if (scope.provinces && scope.provinces.length === 0) return { items: [], nextCursor: null };
  const cursor = decodeCursor(filter.cursor);
  const to = cursor?.at ?? filter.to ?? new Date();
  const from = filter.from ?? new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - MAX_MONTHS_BACK + 1, 1));
  if (from > to) return { items: [], nextCursor: null };
  const at = { $gte: from, $lte: to };
  const extra: FilterQuery<AuditEntryDoc> = { at, ...(filter.action ? { action: filter.action } : {}) };
  if (filter.user) extra.actorId = filter.user;
  const provinces: (string | null)[] = scope.provinces ?? [null];
  const withProvince = (q: FilterQuery<AuditEntryDoc>, p: string | null) => (p ? { ...q, provinceCode: p } : q);
  // One extra row per query tells whether another page follows.
  const want = filter.limit + 1;
  const keep = (e: AuditEntryDoc) => !cursor || newestFirst(e, cursor.last) > 0;

  const run = async (base: FilterQuery<AuditEntryDoc>) => {
    const rows = await Promise.all(provinces.map((p) => AuditEntryModel.find(withProvince({ ...base, ...extra }, p)).sort({ at: -1, chain: -1, seq: -1 }).limit(want + 20).lean()));
    return rows.flat().filter(keep).sort(newestFirst);
  };

  let rows: AuditEntryDoc[] = [];
  if (filter.case) rows = await run({ targetType: 'case', targetId: filter.case });
  else if (filter.user) rows = await run({ actorId: filter.user });
  else {
    for (const month of monthsBetween(from, to)) {
      rows.push(...(await run({ ...(filter.action ? { action: filter.action } : {}), month })));
      if (rows.length >= want) break;
    }
  }
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit && items.length ? encodeCursor(items[items.length - 1]!) : null };
}

/** The id of the case with this reference (the viewer's case filter takes either), or null. */
export async function caseIdOfReference(reference: string): Promise<string | null> {
  const c = await CaseModel.findOne({ reference: reference.toUpperCase() }, { _id: 1 }).lean();
  return c ? c._id.toHexString() : null;
}
