/**
 * Reads a collaborator's SMS answer to a referral: a decision word and the
 * referral code, in either order, with any case, diacritics, spacing or
 * punctuation. Anything else (including two readings that disagree) is null,
 * so the caller can ask again instead of guessing.
 */
import { foldVietnamese } from '@hotline/core';
import { isReferralCode } from './referral-code';

export type ReferralDecision = 'accept' | 'decline';
export interface ReferralReply {
  decision: ReferralDecision;
  code: string;
}

/** Decision phrases after folding (lower case, no diacritics, đ → d), as token lists. */
const PHRASES: ReadonlyArray<{ tokens: readonly string[]; decision: ReferralDecision }> = [
  { tokens: ['1'], decision: 'accept' },
  { tokens: ['co'], decision: 'accept' },
  { tokens: ['dong', 'y'], decision: 'accept' },
  { tokens: ['dongy'], decision: 'accept' },
  { tokens: ['2'], decision: 'decline' },
  { tokens: ['khong'], decision: 'decline' },
  { tokens: ['ko'], decision: 'decline' },
  { tokens: ['khong', 'dong', 'y'], decision: 'decline' },
  { tokens: ['tu', 'choi'], decision: 'decline' },
  { tokens: ['tuchoi'], decision: 'decline' },
];

/** The keypad digits may be typed glued to the code: `1ABC234`, `ABC2342`. */
const GLUED_DIGITS: Readonly<Record<string, ReferralDecision>> = { '1': 'accept', '2': 'decline' };

const MAX_REPLY_LENGTH = 160;

export function parseReferralReply(body: string): ReferralReply | null {
  if (typeof body !== 'string' || body.length > MAX_REPLY_LENGTH) return null;
  const tokens = foldVietnamese(body)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  if (tokens.length === 0) return null;

  const readings: ReferralReply[] = [];
  const consider = (decision: ReferralDecision, rest: readonly string[]) => {
    const code = rest.join('').toUpperCase();
    if (isReferralCode(code)) readings.push({ decision, code });
  };

  for (const phrase of PHRASES) {
    const n = phrase.tokens.length;
    if (tokens.length <= n) continue;
    if (phrase.tokens.every((t, i) => tokens[i] === t)) consider(phrase.decision, tokens.slice(n));
    if (phrase.tokens.every((t, i) => tokens[tokens.length - n + i] === t)) consider(phrase.decision, tokens.slice(0, -n));
  }
  // Glued digits only when no spaced reading exists: `2 ABC232` must not also read as `2ABC23` + `2`.
  if (readings.length === 0) {
    const first = tokens[0]!;
    const last = tokens[tokens.length - 1]!;
    const leading = GLUED_DIGITS[first[0]!];
    if (leading && first.length > 1) consider(leading, [first.slice(1), ...tokens.slice(1)]);
    const trailing = GLUED_DIGITS[last[last.length - 1]!];
    if (trailing && last.length > 1) consider(trailing, [...tokens.slice(0, -1), last.slice(0, -1)]);
  }

  const distinct = new Map(readings.map((r) => [`${r.decision}:${r.code}`, r]));
  if (distinct.size !== 1) return null;
  return [...distinct.values()][0]!;
}
