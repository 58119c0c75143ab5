/**
 * Short codes a collaborator types back to answer a referral. Six characters
 * from an alphabet without 0/O and 1/I, so a code read aloud or typed on a
 * basic phone keypad is not misread.
 */
import { randomInt } from 'node:crypto';

export const REFERRAL_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const REFERRAL_CODE_LENGTH = 6;

const CODE_PATTERN = new RegExp(`^[${REFERRAL_CODE_ALPHABET}]{${REFERRAL_CODE_LENGTH}}$`);

export function newReferralCode(): string {
  let code = '';
  for (let i = 0; i < REFERRAL_CODE_LENGTH; i++) code += REFERRAL_CODE_ALPHABET[randomInt(REFERRAL_CODE_ALPHABET.length)];
  return code;
}

/** True for a well-formed code in its canonical (upper-case) form. */
export function isReferralCode(value: string): boolean {
  return CODE_PATTERN.test(value);
}
