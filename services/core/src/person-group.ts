import type { TPersonGroup } from './enums';

/** Under 16 is a child (Law on Children 2016); 60 and over is elderly (Law on the Elderly 2009). */
export const CHILD_AGE_LIMIT = 16;
export const ELDERLY_AGE = 60;

/** The group of a person at risk: the one the counsellor chose, else one read from the age. */
export function personGroupOf(subject: { ageYears?: number | undefined; group?: TPersonGroup | undefined }): TPersonGroup {
  if (subject.group) return subject.group;
  if (subject.ageYears !== undefined && subject.ageYears < CHILD_AGE_LIMIT) return 'child';
  if (subject.ageYears !== undefined && subject.ageYears >= ELDERLY_AGE) return 'elderly';
  return 'other_adult';
}
