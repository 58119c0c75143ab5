import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { fieldError } from '@hotline/core';

/**
 * A caller's number as E.164, read as Vietnamese unless it has a country code
 * ("0912 345 678", "84912345678" and "+84 91 234 5678" all give +84912345678).
 * Service numbers such as 111 are not callers' numbers.
 */
export function normalisePhone(input: string, path: string): string {
  const digits = input.replace(/[^\d+]/g, '');
  const candidate = /^84\d{9,10}$/.test(digits) ? `+${digits}` : input;
  const parsed = parsePhoneNumberFromString(candidate, 'VN');
  if (!parsed || !parsed.isValid()) throw fieldError(path, 'is not a valid phone number');
  return parsed.number;
}
