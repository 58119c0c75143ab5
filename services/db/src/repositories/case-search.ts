/**
 * The case search's blind index. A case stores, in the top-level array
 * `searchKeys`, a keyed hash (HMAC, `searchIndexKey`) of (province, term) for
 * every term it is found by (`caseSearchTerms` in core: folded words of names,
 * commune and address and their prefixes, the reference, the callers' phone
 * hashes). A search asks once per (province in the user's scope, query term),
 * each an equality on `searchKeys` (a GIN index on the embedded database, a
 * multikey index on MongoDB), and ranks in memory. No readable word of a name
 * or address is stored, and a province outside the user's scope is never asked.
 *
 * The one place keys are derived: `caseSearchFields` (a case's whole set, on
 * open and when names or the location change) and `callSearchKeys` (what one
 * more call adds).
 */
import type { Types } from 'mongoose';
import { caseSearchTerms, PROVINCES, phoneTerm, searchWords, wordTerms, type CaseSearchSource } from '@hotline/core';
import { CaseModel, type CaseDoc } from '../models/case';
import { CallModel, type CallDoc } from '../models/call';
import { searchIndexKey } from '../phone-protection';
import { communeNames } from './geography';
import { caseMonths } from './case-months';
import { findByIds } from './by-ids';

/** Bumped when the terms a case is found by change: the rebuild derives every case of an older version again. */
export const SEARCH_KEYS_VERSION = 1;

type SearchedFields = Pick<CaseDoc, 'reference' | 'subjects' | 'location' | 'callerPhoneHashes'>;

/** Keys of a case from its fields (no database read): what the seeders call, given the commune's name and callers' names. */
export function caseSearchKeys(provinceCode: string, src: CaseSearchSource): string[] {
  return caseSearchTerms(src).map((t) => searchIndexKey(provinceCode, t));
}

/** The callers' names of a case: its calls in `calls`, and those still travelling in its outbox. */
async function callsOfCase(c: Pick<CaseDoc, '_id'> & { outbox?: CaseDoc['outbox'] }): Promise<Pick<CallDoc, '_id' | 'caller' | 'callerPhoneHash'>[]> {
  const stored = await CallModel.find({ caseId: c._id }, { caller: 1, callerPhoneHash: 1 }).lean<Pick<CallDoc, '_id' | 'caller' | 'callerPhoneHash'>[]>();
  const byId = new Map<string, Pick<CallDoc, '_id' | 'caller' | 'callerPhoneHash'>>(stored.map((x) => [x._id.toHexString(), x]));
  for (const e of c.outbox ?? []) if (e.call) byId.set(e.call._id.toHexString(), e.call);
  return [...byId.values()];
}

/**
 * The search fields of a case as it is (or is about to be): `calls` when the
 * caller has them all (a new case), else read from the calls collection and the outbox.
 */
export async function caseSearchFields(
  c: SearchedFields & Pick<CaseDoc, '_id'> & { outbox?: CaseDoc['outbox'] },
  calls?: Pick<CallDoc, 'caller' | 'callerPhoneHash'>[],
): Promise<Pick<CaseDoc, 'searchKeys' | 'searchKeysVersion'>> {
  const callerCalls = calls ?? (await callsOfCase(c));
  const commune = c.location.communeCode ? ((await communeNames([c.location.communeCode])).get(c.location.communeCode) ?? null) : null;
  const phoneHashes = new Set(c.callerPhoneHashes);
  for (const x of callerCalls) if (x.callerPhoneHash) phoneHashes.add(x.callerPhoneHash);
  const searchKeys = caseSearchKeys(c.location.provinceCode, {
    reference: c.reference,
    subjectNames: c.subjects.map((s) => s.name),
    callerNames: callerCalls.map((x) => x.caller.name),
    communeName: commune,
    address: c.location.address,
    callerPhoneHashes: [...phoneHashes],
  });
  return { searchKeys, searchKeysVersion: SEARCH_KEYS_VERSION };
}

/** What attaching one call adds to a case of `provinceCode`: its caller's name words and phone hash. */
export function callSearchKeys(provinceCode: string, call: Pick<CallDoc, 'caller' | 'callerPhoneHash'>): string[] {
  const terms = new Set<string>();
  for (const w of searchWords(call.caller.name)) for (const t of wordTerms(w)) terms.add(t);
  if (call.callerPhoneHash) terms.add(phoneTerm(call.callerPhoneHash));
  return [...terms].map((t) => searchIndexKey(provinceCode, t));
}

/** What a search reads of a case: enough for the result line and to tell where the words were found. */
export const SEARCH_RESULT_FIELDS = {
  reference: 1, status: 1, category: 1, riskLevel: 1, provinceCode: 1, location: 1, subjects: 1, callerPhoneHashes: 1, searchKeys: 1, consent: 1, createdAt: 1,
} as const;
export type SearchedCase = Pick<
  CaseDoc,
  '_id' | 'reference' | 'status' | 'category' | 'riskLevel' | 'provinceCode' | 'location' | 'subjects' | 'callerPhoneHashes' | 'searchKeys' | 'consent' | 'createdAt'
>;

export interface SearchHit {
  case: SearchedCase;
  /** Indexes of the query groups the case matched. */
  groups: number[];
}

export interface SearchByKeysOptions {
  /** The user's provinces (null: all). */
  provinces: string[] | null;
  /** Per (province, term): at most this many cases are read, newest first. */
  perKey: number;
  limit: number;
  /** (province, term) lookups in flight at once. */
  concurrency?: number;
}

/**
 * Cases in `provinces` matching the query groups (one group per query word,
 * holding the terms that word may be found as), ranked by how many groups they
 * match, then newest first. Reads at most perKey × provinces × terms rows;
 * `truncated` says a lookup hit that bound.
 */
export async function searchCasesByTerms(groups: string[][], o: SearchByKeysOptions): Promise<{ hits: SearchHit[]; truncated: boolean }> {
  const provinces = o.provinces ?? PROVINCES.map((p) => p.code);
  const lookups: { provinceCode: string; key: string }[] = [];
  const seen = new Set<string>();
  for (const provinceCode of provinces) {
    for (const g of groups) {
      for (const term of g) {
        const key = searchIndexKey(provinceCode, term);
        if (!seen.has(key)) lookups.push({ provinceCode, key });
        seen.add(key);
      }
    }
  }
  const found = new Map<string, SearchedCase>();
  let truncated = false;
  const concurrency = o.concurrency ?? 8;
  for (let i = 0; i < lookups.length; i += concurrency) {
    const batch = await Promise.all(
      lookups.slice(i, i + concurrency).map(({ key }) =>
        CaseModel.find({ searchKeys: key }, SEARCH_RESULT_FIELDS).sort({ _id: -1 }).limit(o.perKey).lean<SearchedCase[]>(),
      ),
    );
    for (const rows of batch) {
      if (rows.length >= o.perKey) truncated = true;
      for (const r of rows) found.set(r._id.toHexString(), r);
    }
  }
  const hits: SearchHit[] = [];
  for (const c of found.values()) {
    // Scope again in memory: a key is province-bound, so this only guards against a case moved meanwhile.
    if (o.provinces && !o.provinces.includes(c.provinceCode)) continue;
    const keys = new Set(c.searchKeys);
    const matched = groups.flatMap((g, gi) => (g.some((t) => keys.has(searchIndexKey(c.provinceCode, t))) ? [gi] : []));
    if (matched.length > 0) hits.push({ case: c, groups: matched });
  }
  hits.sort((a, b) => b.groups.length - a.groups.length || b.case._id.toHexString().localeCompare(a.case._id.toHexString()));
  return { hits: hits.slice(0, o.limit), truncated };
}

/**
 * Derives the search keys of every case not yet at SEARCH_KEYS_VERSION (cases
 * written before the search existed, or by an import): idempotent, one month
 * of cases at a time, each update conditional on the version read (a case
 * changed meanwhile is left for the next run). Returns how many were updated.
 */
export async function rebuildCaseSearchKeys(): Promise<{ read: number; updated: number }> {
  let read = 0;
  let updated = 0;
  for (const month of await caseMonths(null)) {
    const rows = await CaseModel.find({ createdMonth: month }, { reference: 1, subjects: 1, location: 1, callerPhoneHashes: 1, searchKeysVersion: 1, version: 1, outbox: 1 }).lean();
    read += rows.length;
    for (const c of rows) {
      if (c.searchKeysVersion === SEARCH_KEYS_VERSION) continue;
      const fields = await caseSearchFields(c);
      const r = await CaseModel.updateOne({ _id: c._id, version: c.version }, { $set: fields });
      updated += r.modifiedCount;
    }
  }
  return { read, updated };
}

/** The search's view of a few cases by id (a partner's held cases: matched in memory, never through the index). */
export async function searchableCasesByIds(ids: readonly Types.ObjectId[]): Promise<SearchedCase[]> {
  return findByIds(CaseModel, ids, SEARCH_RESULT_FIELDS);
}
