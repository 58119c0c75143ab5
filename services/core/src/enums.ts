/**
 * The fixed vocabularies of the hotline. Codes are persisted strings: never
 * rename one without a migration. Labels live in the console's translations.
 */
import { z } from 'zod';

export const ROLES = ['counsellor', 'supervisor', 'manager', 'admin', 'collaborator'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

/** Roles of the centre's own staff (they see cases by province). */
export const STAFF_ROLES = ['counsellor', 'supervisor', 'manager', 'admin'] as const satisfies readonly TRole[];

export const CATEGORIES = {
  child_abuse: ['physical_violence', 'emotional_abuse', 'neglect'],
  sexual_abuse: ['child_sexual_abuse', 'adult_sexual_violence', 'online_exploitation'],
  psychological_crisis: ['suicide_risk', 'self_harm', 'acute_distress'],
  abandoned_child: ['newborn_abandoned', 'orphaned', 'street_child'],
  child_labour_trafficking: ['child_labour', 'trafficking', 'returned_from_trafficking'],
  domestic_violence: ['intimate_partner_violence', 'elder_abuse', 'family_conflict'],
  elderly_without_support: ['living_alone', 'no_caregiver', 'homeless_elderly'],
  disability_support: ['severe_disability', 'child_with_disability', 'assistive_needs'],
  mental_illness: ['untreated_illness', 'wandering', 'family_support'],
  information_request: ['policy_information', 'service_directory', 'legal_advice'],
} as const;
export type TCategory = keyof typeof CATEGORIES;
export const CATEGORY_CODES = Object.keys(CATEGORIES) as [TCategory, ...TCategory[]];
export const ZCategory = z.enum(CATEGORY_CODES);
export const SUB_CATEGORY_CODES = Object.values(CATEGORIES).flat() as unknown as [string, ...string[]];
export const ZSubCategory = z.enum(SUB_CATEGORY_CODES);

export const RISK_LEVELS = ['emergency', 'high', 'medium', 'low'] as const;
export const ZRiskLevel = z.enum(RISK_LEVELS);
export type TRiskLevel = z.infer<typeof ZRiskLevel>;

export const CASE_STATUSES = ['new', 'triaged', 'referred', 'accepted', 'in_progress', 'follow_up', 'closed'] as const;
export const ZCaseStatus = z.enum(CASE_STATUSES);
export type TCaseStatus = z.infer<typeof ZCaseStatus>;
export const OPEN_CASE_STATUSES = CASE_STATUSES.filter((s) => s !== 'closed');

export const CALL_CHANNELS = ['phone', 'sms', 'walk_in', 'web'] as const;
export const ZCallChannel = z.enum(CALL_CHANNELS);

export const CALL_OUTCOMES = ['case_opened', 'attached_to_case', 'information_only', 'silent', 'prank', 'transferred'] as const;
export const ZCallOutcome = z.enum(CALL_OUTCOMES);
export type TCallOutcome = z.infer<typeof ZCallOutcome>;

export const CALLER_RELATIONSHIPS = [
  'self', 'parent', 'relative', 'neighbour', 'teacher', 'friend', 'health_worker', 'police', 'official', 'collaborator', 'other', 'unknown',
] as const;
export const ZCallerRelationship = z.enum(CALLER_RELATIONSHIPS);

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export const ZGender = z.enum(GENDERS);

/** The group a person at risk belongs to: placement depends on it. */
export const PERSON_GROUPS = [
  'child', 'elderly', 'person_with_disability', 'person_with_mental_illness', 'trafficking_victim',
  'violence_survivor', 'person_in_crisis', 'other_adult',
] as const;
export const ZPersonGroup = z.enum(PERSON_GROUPS);
export type TPersonGroup = z.infer<typeof ZPersonGroup>;
