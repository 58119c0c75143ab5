/**
 * Finding a case from what a caller remembers ("bé Ánh, Đống Đa", a number,
 * a reference). Pure rules shared by the server (which derives the stored
 * blind-index terms of a case and reads a query) and the console.
 *
 * A case's search terms are the folded words of its people's names, its
 * commune and address, with every prefix of two characters or more, its
 * reference (`#123` for the sequence, `#hn-2026-000123` whole) and its callers'
 * phone hashes (`tel:<hash>`). The database stores only keyed hashes of
 * (province, term), never the terms (see `services/db/src/repositories/case-search.ts`).
 */
import { z } from 'zod';
import { foldVietnamese } from './text-fold';
import { ZCaseStatus, ZCategory, ZRiskLevel } from './enums';
import { ZIsoDate, ZObjectId } from './schemas/common';
import { CASE_REFERENCE_PATTERN } from './case-reference';

/** Shortest prefix of a word that is a search term (a whole word of any length is one). */
export const SEARCH_MIN_PREFIX = 2;
/** Longest word whose prefixes are stored (longer words keep their first 24 characters' prefixes and the whole word). */
export const SEARCH_MAX_PREFIX = 24;
/** Query words used at most (the rest are ignored). */
export const SEARCH_MAX_QUERY_TOKENS = 6;

/** Folded words of a text: "Nguyễn Thị Ánh-Tuyết" → nguyen, thi, anh, tuyet. */
export function searchWords(text: string | null | undefined): string[] {
  if (!text) return [];
  return foldVietnamese(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** A word and its prefixes of SEARCH_MIN_PREFIX characters or more: "anh" → an, anh. */
export function wordTerms(word: string): string[] {
  const out = new Set<string>([word]);
  const top = Math.min(word.length, SEARCH_MAX_PREFIX);
  for (let n = SEARCH_MIN_PREFIX; n <= top; n++) out.add(word.slice(0, n));
  return [...out];
}

/** The terms a reference is found by: its sequence without leading zeros and the whole reference. */
export function referenceTerms(reference: string): string[] {
  const m = /-(\d+)$/.exec(reference);
  const seq = m ? String(Number(m[1])) : null;
  return [...(seq ? [`#${seq}`] : []), `#${reference.toLowerCase()}`];
}

export const phoneTerm = (phoneHash: string) => `tel:${phoneHash}`;

/** Which part of a case a query word was found in. */
export const SEARCH_FIELDS = ['reference', 'subject_name', 'caller_name', 'caller_phone', 'commune', 'address'] as const;
export const ZSearchField = z.enum(SEARCH_FIELDS);
export type TSearchField = z.infer<typeof ZSearchField>;

export interface CaseSearchSource {
  reference: string;
  subjectNames: (string | null)[];
  callerNames: (string | null)[];
  communeName: string | null;
  address: string | null;
  callerPhoneHashes: string[];
}

/** A commune's name without its kind ("Phường Đống Đa" → "Đống Đa"): every ward would match "phuong" otherwise. */
export function communeProperName(name: string | null): string | null {
  return name ? name.replace(/^\s*(phường|xã|thị trấn|đặc khu)\s+/iu, '') : null;
}

/** Every term a case is found by (not yet keyed: the caller hashes each with the province). */
export function caseSearchTerms(src: CaseSearchSource): string[] {
  const terms = new Set<string>(referenceTerms(src.reference));
  const words = [...src.subjectNames, ...src.callerNames, communeProperName(src.communeName), src.address].flatMap(searchWords);
  for (const w of words) for (const t of wordTerms(w)) terms.add(t);
  for (const h of src.callerPhoneHashes) terms.add(phoneTerm(h));
  return [...terms].sort();
}

/** One thing the user typed: a word, a number, a phone number or a reference. */
export type TSearchToken =
  | { kind: 'word'; word: string }
  | { kind: 'reference'; reference: string }
  /** Raw text that looks like a phone number; the server normalises it (and keeps it as a word when it is none). */
  | { kind: 'phone'; raw: string };

const REFERENCE_IN_TEXT = /\b([A-Za-z]{2,3})-(\d{4})-(\d{1,10})\b/g;
const PHONE_IN_TEXT = /(?:\+|\b)\d[\d .\-()]{6,16}\d\b/g;

/**
 * Reads a query: whole references first, then phone-like runs of digits
 * (spaces and dots allowed: "0912 345 678"), then folded words. Duplicates are
 * dropped; at most SEARCH_MAX_QUERY_TOKENS are kept.
 */
export function parseSearchQuery(q: string): TSearchToken[] {
  const tokens: TSearchToken[] = [];
  let rest = q.normalize('NFC');
  rest = rest.replace(REFERENCE_IN_TEXT, (_m, p: string, y: string, n: string) => {
    const reference = `${p.toUpperCase()}-${y}-${n.padStart(6, '0')}`;
    if (CASE_REFERENCE_PATTERN.test(reference)) tokens.push({ kind: 'reference', reference });
    return ' ';
  });
  rest = rest.replace(PHONE_IN_TEXT, (m) => {
    const digits = m.replace(/\D/g, '');
    if (digits.length < 9 || digits.length > 12) return m;
    tokens.push({ kind: 'phone', raw: m.trim() });
    return ' ';
  });
  for (const word of searchWords(rest)) tokens.push({ kind: 'word', word });
  const seen = new Set<string>();
  return tokens
    .filter((t) => {
      const k = t.kind === 'word' ? `w:${t.word}` : t.kind === 'reference' ? `r:${t.reference}` : `p:${t.raw.replace(/\D/g, '')}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, SEARCH_MAX_QUERY_TOKENS);
}

/** The terms one query word looks up: itself (a stored word or prefix), and for a number a reference sequence too. */
export function wordQueryTerms(word: string): string[] {
  const terms = [word.slice(0, SEARCH_MAX_PREFIX)];
  if (/^\d+$/.test(word) && word.length <= 10) terms.push(`#${String(Number(word))}`);
  return terms;
}

/** Does this folded text have a word starting with the query word? */
export const textHasWord = (text: string | null | undefined, word: string): boolean => searchWords(text).some((w) => w.startsWith(word));

export const ZCaseSearchQuery = z
  .object({
    q: z.string().trim().min(1, 'type at least one character').max(200),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();
export type TCaseSearchQuery = z.infer<typeof ZCaseSearchQuery>;

export const ZCaseSearchResult = z.object({
  id: ZObjectId,
  reference: z.string(),
  status: ZCaseStatus,
  riskLevel: ZRiskLevel,
  category: ZCategory,
  provinceCode: z.string(),
  communeCode: z.string().nullable(),
  communeName: z.string().nullable(),
  createdAt: ZIsoDate,
  /** How many of the query's words the case matched (results are ordered by it, then newest first). */
  score: z.number().int(),
  /** Where the words were found. Never the text of a name the reader may not see. */
  matched: z.array(ZSearchField),
  /** For staff only: the person's name a word was found in. */
  subjectName: z.string().optional(),
});
export type TCaseSearchResult = z.infer<typeof ZCaseSearchResult>;

export const ZCaseSearchAnswer = z.object({
  items: z.array(ZCaseSearchResult),
  /** true when a word was so common that not every case holding it was read (type more of it). */
  truncated: z.boolean(),
});
export type TCaseSearchAnswer = z.infer<typeof ZCaseSearchAnswer>;
