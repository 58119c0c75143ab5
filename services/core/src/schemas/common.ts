import { z } from 'zod';
import { PROVINCE_CODES } from '../provinces';

export const ZObjectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hex id');
export const ZProvinceCode = z.enum(PROVINCE_CODES, { message: 'must be an official province code such as 01 or 79' });
export const ZCommuneCode = z.string().regex(/^\d{5}$/, 'must be a 5-digit official commune code');
/** What a counsellor types: digits with spaces, dots, dashes, brackets and a leading +. Normalised to E.164 by the API. */
export const ZPhoneInput = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^\+?[0-9 ().-]+$/, 'must be a phone number');
export const ZE164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number');
export const ZIsoDate = z.iso.datetime({ offset: true });

/** A NUL character: PostgreSQL (the embedded database) and C-based tools cannot store or handle it. */
// eslint-disable-next-line no-control-regex -- finding the control character is the point
const NUL = /\u0000/;
/** A UTF-16 surrogate without its partner: not a character, and not encodable as UTF-8. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string is safe to store and show: no NUL characters, no unpaired surrogates. */
export const isCleanText = (s: string): boolean => !NUL.test(s) && !UNPAIRED_SURROGATE.test(s);

/** A string whose every character is one a person could have typed (see `isCleanText`). */
export const cleanString = () =>
  z
    .string()
    .refine((s) => !NUL.test(s), { message: 'must not contain NUL characters', abort: true })
    .refine((s) => !UNPAIRED_SURROGATE.test(s), { message: 'must not contain unpaired surrogates (invalid Unicode)', abort: true });

/** Free text with a hard length limit, trimmed; NUL characters and unpaired surrogates are refused. */
export const text = (max: number) => cleanString().trim().max(max);
export const requiredText = (max: number) => cleanString().trim().min(1).max(max);

export const ZCursorQuery = z.object({
  cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by the previous page').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** Every list answers `{ items, nextCursor }`. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const ZOk = z.object({ ok: z.literal(true) });
