/**
 * Phone numbers as the API reads them (libphonenumber-js with full metadata):
 * Vietnamese unless a country code is given, so "0912 345 678",
 * "84912345678" and "+84 91 234 5678" all give +84912345678. Shared by the
 * console (imported as `@hotline/core/phone-format`, so the metadata loads
 * only where a number is typed) and any service that needs the same reading.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** The number in E.164, or null when it is not a valid number (service numbers such as 111 are not). */
export function toE164(input: string): string | null {
  const digits = input.replace(/[^\d+]/g, '');
  const candidate = /^84\d{9,10}$/.test(digits) ? `+${digits}` : input;
  const parsed = parsePhoneNumberFromString(candidate, 'VN');
  return parsed && parsed.isValid() ? parsed.number : null;
}
