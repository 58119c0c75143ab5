/**
 * GET /api/search: a counsellor finds a case from what a caller remembers.
 *
 * Staff search the blind index (`searchCasesByTerms`): one equality per
 * (province in their scope, query term), so another province's cases are never
 * read. A partner searches only the cases it holds now (an offered, accepted or
 * contacted referral), matched in memory on what its view of each case shows
 * (`partnerCaseView`): reference and commune, and names and address only when
 * the caller consented to sharing; never callers' names or numbers.
 */
import { Types } from 'mongoose';
import {
  communeProperName, OPEN_REFERRAL_STATUSES, parseSearchQuery, phoneTerm, provinceScope, textHasWord, wordQueryTerms, referenceTerms,
  type TCaseSearchAnswer, type TCaseSearchQuery, type TCaseSearchResult, type TSearchField, type TSessionUser,
} from '@hotline/core';
import {
  communeNames, hashPhone, referralsOfPartner, searchableCasesByIds, searchCasesByTerms, type SearchedCase,
} from '@hotline/db';
import { normalisePhone } from '@hotline/referrals';

/** Per (province, term): at most this many cases read, newest first (a two-letter prefix common to many names). */
const SEARCH_ROWS_PER_KEY = 200;

/** One query word as the search looks it up. */
interface Group {
  kind: 'word' | 'reference' | 'phone';
  /** The folded word (words), the reference, or the phone hash. */
  value: string;
  terms: string[];
}

function queryGroups(q: string): Group[] {
  const groups: Group[] = [];
  for (const t of parseSearchQuery(q)) {
    if (t.kind === 'reference') groups.push({ kind: 'reference', value: t.reference, terms: [referenceTerms(t.reference)[1]!] });
    else if (t.kind === 'word') groups.push({ kind: 'word', value: t.word, terms: wordQueryTerms(t.word) });
    else {
      let e164: string | null;
      try {
        e164 = normalisePhone(t.raw, 'q');
      } catch {
        e164 = null;
      }
      if (e164) {
        const hash = hashPhone(e164);
        groups.push({ kind: 'phone', value: hash, terms: [phoneTerm(hash)] });
      } else {
        // Not a phone number after all: its digits are a word (an address number, a reference sequence).
        const digits = t.raw.replace(/\D/g, '');
        groups.push({ kind: 'word', value: digits, terms: wordQueryTerms(digits) });
      }
    }
  }
  return groups;
}

const sequenceOf = (reference: string) => String(Number(/-(\d+)$/.exec(reference)?.[1] ?? 'NaN'));

interface Explained {
  fields: Set<TSearchField>;
  subjectName: string | null;
}

/**
 * Where each group was found in a case, from the fields the reader may see.
 * `indexed`: the group matched the case's keys (staff), so a word found in no
 * visible field was found in a caller's name.
 */
function explain(c: SearchedCase, communeName: string | null, groups: Group[], visible: { names: boolean; callers: boolean }, indexed: number[] | null): { matched: number[]; found: Explained } {
  const found: Explained = { fields: new Set(), subjectName: null };
  const matched: number[] = [];
  groups.forEach((g, gi) => {
    const before = found.fields.size;
    let hit = false;
    if (g.kind === 'reference') hit = c.reference === g.value && (found.fields.add('reference'), true);
    else if (g.kind === 'phone') hit = visible.callers && c.callerPhoneHashes.includes(g.value) && (found.fields.add('caller_phone'), true);
    else {
      if (/^\d+$/.test(g.value) && sequenceOf(c.reference) === String(Number(g.value))) hit = (found.fields.add('reference'), true);
      if (visible.names) {
        const subject = c.subjects.find((s) => textHasWord(s.name, g.value));
        if (subject) {
          hit = (found.fields.add('subject_name'), true);
          found.subjectName ??= subject.name;
        }
        if (textHasWord(c.location.address, g.value)) hit = (found.fields.add('address'), true);
      }
      if (textHasWord(communeProperName(communeName), g.value)) hit = (found.fields.add('commune'), true);
    }
    const inIndex = indexed?.includes(gi) ?? false;
    if (!hit && inIndex && visible.callers) {
      found.fields.add(g.kind === 'phone' ? 'caller_phone' : 'caller_name');
      hit = true;
    }
    if (hit || found.fields.size > before) matched.push(gi);
  });
  return { matched, found };
}

function resultOf(c: SearchedCase, communeName: string | null, score: number, found: Explained, staff: boolean): TCaseSearchResult {
  return {
    id: c._id.toHexString(),
    reference: c.reference,
    status: c.status,
    riskLevel: c.riskLevel,
    category: c.category,
    provinceCode: c.location.provinceCode,
    communeCode: c.location.communeCode ?? null,
    communeName,
    createdAt: c.createdAt.toISOString(),
    score,
    matched: [...found.fields],
    ...(staff && found.subjectName ? { subjectName: found.subjectName } : {}),
  };
}

async function communesOf(cases: SearchedCase[]): Promise<Map<string, string>> {
  return communeNames([...new Set(cases.flatMap((c) => (c.location.communeCode ? [c.location.communeCode] : [])))]);
}

export async function searchCases(user: TSessionUser, query: TCaseSearchQuery): Promise<TCaseSearchAnswer> {
  const groups = queryGroups(query.q);
  if (groups.length === 0) return { items: [], truncated: false };
  if (user.role === 'collaborator') return partnerSearch(user, groups, query.limit);

  const provinces = provinceScope(user);
  if (provinces !== null && provinces.length === 0) return { items: [], truncated: false };
  const { hits, truncated } = await searchCasesByTerms(groups.map((g) => g.terms), { provinces, perKey: SEARCH_ROWS_PER_KEY, limit: query.limit });
  const names = await communesOf(hits.map((h) => h.case));
  const items = hits.map((h) => {
    const communeName = h.case.location.communeCode ? (names.get(h.case.location.communeCode) ?? null) : null;
    const { found } = explain(h.case, communeName, groups, { names: true, callers: true }, h.groups);
    return resultOf(h.case, communeName, h.groups.length, found, true);
  });
  return { items, truncated };
}

/** A partner: the cases it holds now, matched on what its view of each shows. */
async function partnerSearch(user: TSessionUser, groups: Group[], limit: number): Promise<TCaseSearchAnswer> {
  if (!user.partnerId || !Types.ObjectId.isValid(user.partnerId)) return { items: [], truncated: false };
  const partnerId = new Types.ObjectId(user.partnerId);
  const held = (await Promise.all(OPEN_REFERRAL_STATUSES.map((status) => referralsOfPartner(partnerId, { status, limit: SEARCH_ROWS_PER_KEY })))).flatMap((p) => p.items);
  const cases = await searchableCasesByIds(held.map((r) => r.caseId));
  const names = await communesOf(cases);
  const scored = cases.flatMap((c) => {
    const communeName = c.location.communeCode ? (names.get(c.location.communeCode) ?? null) : null;
    const { matched, found } = explain(c, communeName, groups, { names: c.consent?.given === true, callers: false }, null);
    return matched.length > 0 ? [{ c, r: resultOf(c, communeName, matched.length, found, false) }] : [];
  });
  scored.sort((a, b) => b.r.score - a.r.score || b.c._id.toHexString().localeCompare(a.c._id.toHexString()));
  return { items: scored.slice(0, limit).map((s) => s.r), truncated: held.length >= SEARCH_ROWS_PER_KEY };
}
