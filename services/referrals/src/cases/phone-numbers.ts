import { fieldError } from '@hotline/core';
import { toE164 } from '@hotline/core/phone-format';

/**
 * A caller's number as E.164, read as the console reads it (`toE164`: Vietnamese
 * unless it has a country code). Service numbers such as 111 are not callers' numbers.
 */
export function normalisePhone(input: string, path: string): string {
  const e164 = toE164(input);
  if (!e164) throw fieldError(path, 'is not a valid phone number');
  return e164;
}
