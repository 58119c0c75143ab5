import { z } from 'zod';
import { PERSON_GROUPS, ZCategory, ZPersonGroup } from '../enums';
import { ZGroupBeds } from './resident';
import { ZCommuneCode, ZE164, ZObjectId, ZProvinceCode, requiredText } from './common';

/** Who a case can be referred to: a person, a place with beds, or an agency. */
export const PARTNER_KINDS = ['collaborator', 'facility', 'agency'] as const;
export const PARTNER_TYPES = {
  collaborator: ['commune_collaborator'],
  facility: ['shelter', 'social_protection_centre', 'childrens_home', 'elderly_care_centre', 'mental_health_facility'],
  agency: ['police', 'hospital', 'school', 'womens_union', 'commune_committee'],
} as const;
export const ZPartnerKind = z.enum(PARTNER_KINDS);
export const ZPartnerType = z.enum(Object.values(PARTNER_TYPES).flat() as unknown as [string, ...string[]]);

/** How a referral notice reaches the partner, tried in the partner's order. */
export const NOTIFY_CHANNELS = ['console', 'sms', 'voice'] as const;
export const ZNotifyChannel = z.enum(NOTIFY_CHANNELS);
export type TNotifyChannel = z.infer<typeof ZNotifyChannel>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
export const ZOnDuty = z
  .object({
    /** 0 = Sunday … 6 = Saturday, in Vietnam time. */
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
    from: hhmm,
    to: hhmm,
  })
  .strict();
export type TOnDuty = z.infer<typeof ZOnDuty>;

/** Beds per group of people the facility takes in; how many are in use is counted from its current residents. */
export const ZGroupBedsInput = z.object({ group: ZPersonGroup, beds: z.number().int().min(0).max(10_000) }).strict();
export const ZCapacity = z
  .object({
    /** One row per group this facility takes in (a children's home does not take elderly residents). */
    beds: z.array(ZGroupBedsInput).min(1).max(PERSON_GROUPS.length),
  })
  .strict()
  .refine((c) => new Set(c.beds.map((b) => b.group)).size === c.beds.length, { message: 'must not repeat a group', path: ['beds'] });
export type TCapacity = z.infer<typeof ZCapacity>;

const partnerFields = {
  name: requiredText(200),
  kind: ZPartnerKind,
  type: ZPartnerType,
  phones: z.array(ZE164).min(1).max(5),
  categories: z.array(ZCategory).min(1),
  area: z.object({ provinceCode: ZProvinceCode, communeCodes: z.array(ZCommuneCode).max(500).default([]) }).strict(),
  capacity: ZCapacity.nullable().default(null),
  /** null: on duty around the clock. */
  onDuty: ZOnDuty.nullable().default(null),
  paused: z.boolean().default(false),
  channels: z.array(ZNotifyChannel).min(1).max(3).refine((c) => new Set(c).size === c.length, 'must not repeat a channel'),
  userId: ZObjectId.nullable().default(null),
  active: z.boolean().default(true),
};

export const ZPartnerInput = z
  .object(partnerFields)
  .strict()
  .superRefine((p, ctx) => {
    if (p.channels.includes('console') && !p.userId) ctx.addIssue({ code: 'custom', path: ['channels'], message: 'console needs a userId' });
    const allowed: readonly string[] = PARTNER_TYPES[p.kind];
    if (!allowed.includes(p.type)) ctx.addIssue({ code: 'custom', path: ['type'], message: `is not a type of ${p.kind}` });
  });
export type TPartnerInput = z.infer<typeof ZPartnerInput>;

export const ZPartnerPatch = z
  .object({
    name: partnerFields.name.optional(),
    phones: partnerFields.phones.optional(),
    categories: partnerFields.categories.optional(),
    area: partnerFields.area.optional(),
    capacity: ZCapacity.nullable().optional(),
    onDuty: ZOnDuty.nullable().optional(),
    paused: z.boolean().optional(),
    channels: partnerFields.channels.optional(),
    userId: ZObjectId.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'must change at least one field' });
export type TPartnerPatch = z.infer<typeof ZPartnerPatch>;

export const ZPartnerView = z.object({
  id: ZObjectId,
  name: z.string(),
  kind: ZPartnerKind,
  type: z.string(),
  phones: z.array(z.string()),
  categories: z.array(ZCategory),
  area: z.object({ provinceCode: z.string(), communeCodes: z.array(z.string()) }),
  /** Beds per group with the residents in them; totals and groups derived from the rows. */
  capacity: z.object({ beds: z.array(ZGroupBeds), bedsTotal: z.number(), bedsInUse: z.number(), groups: z.array(ZPersonGroup) }).nullable(),
  onDuty: ZOnDuty.nullable(),
  paused: z.boolean(),
  channels: z.array(ZNotifyChannel),
  userId: ZObjectId.nullable(),
  active: z.boolean(),
});
export type TPartnerView = z.infer<typeof ZPartnerView>;

export const ZPartnerListQuery = z
  .object({
    province: ZProvinceCode.optional(),
    category: ZCategory.optional(),
    cursor: z.string().max(200).regex(/^[0-9a-f]{24}$/, 'must be a cursor returned by the previous page').optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
