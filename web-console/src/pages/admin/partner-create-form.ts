/**
 * The add-partner form's values, the body POST /api/partners receives from
 * them (phones in E.164, read by @hotline/core/phone-format as the API reads
 * numbers), which field shows an issue of ZPartnerInput or of the API, and the
 * error message of a field as the sections show it.
 */
import { get, useFormContext, type FieldError, type FieldErrors } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { PARTNER_KINDS, PARTNER_TYPES, type TCategory, type TNotifyChannel, type TPartnerInput, type TPersonGroup, type TSessionUser } from '@hotline/core';
import { toE164 } from '@hotline/core/phone-format';
import { fieldsOf } from '../../lib/form-errors';
import { localIssue } from './admin-common';

export type Kind = (typeof PARTNER_KINDS)[number];

export interface NewPartnerValues {
  name: string;
  kind: Kind | '';
  type: string;
  /** As typed; sent as E.164. */
  phones: string[];
  categories: TCategory[];
  area: { provinceCode: string; communeCodes: string[] };
  /** Sent only for facilities. */
  /** Groups taken in, and beds per group (in use is counted from residents, never typed). */
  capacity: { groups: TPersonGroup[]; beds: Partial<Record<TPersonGroup, number | null>> };
  channels: TNotifyChannel[];
  userId: string | null;
}

export function newPartnerDefaults(me: TSessionUser): NewPartnerValues {
  return {
    name: '',
    kind: '',
    type: '',
    phones: [''],
    categories: [],
    area: { provinceCode: !me.allProvinces && me.provinces.length === 1 ? (me.provinces[0] ?? '') : '', communeCodes: [] },
    capacity: { groups: [], beds: {} },
    channels: ['sms', 'voice'],
    userId: null,
  };
}

/** A number as sent: E.164 when it is a valid number, else as typed (for the schema to refuse). */
const phoneAsSent = (typed: string) => toE164(typed) ?? typed.trim();

export const kindOf = (type: string): Kind | '' => PARTNER_KINDS.find((k) => (PARTNER_TYPES[k] as readonly string[]).includes(type)) ?? '';

/** Groups a facility of this type usually takes in, offered when none are chosen yet. */
export const USUAL_GROUPS: Partial<Record<string, TPersonGroup[]>> = {
  childrens_home: ['child'],
  elderly_care_centre: ['elderly'],
  mental_health_facility: ['person_with_mental_illness'],
  shelter: ['violence_survivor'],
};

/** The body POST /api/partners receives, built from what the form holds. */
export function toPartnerPayload(v: NewPartnerValues) {
  return {
    name: v.name,
    kind: v.kind,
    type: v.type,
    phones: v.phones.map(phoneAsSent),
    categories: v.categories,
    area: { provinceCode: v.area.provinceCode, communeCodes: v.area.communeCodes },
    capacity:
      v.kind === 'facility'
        ? { beds: v.capacity.groups.map((group) => ({ group, beds: v.capacity.beds[group] ?? Number.NaN })) }
        : null,
    channels: v.channels,
    userId: v.userId || null,
  };
}

/** An issue path of the API (or of the schema) → the form field that shows it. */
export const PARTNER_FIELD_OF = fieldsOf(
  ['name', 'type', 'phones', /^phones\.\d+$/, 'categories', 'area.provinceCode', 'area.communeCodes', 'capacity.beds', 'capacity.groups', 'channels', 'userId'],
  [
    [/^(categories|channels|area\.communeCodes|capacity\.groups)\.\d+$/, '$1'],
    [/^capacity\.beds\.\d+.*$/, 'capacity.beds'],
    [/^capacity(\.beds)?$/, 'capacity.groups'],
    [/^kind$/, 'type'],
  ],
);

/** For a field left empty (zod's "too small" / "invalid option"), a sentence that says what to do. */
const WHEN_EMPTY: Record<string, string> = {
  name: 'admin.p.need.name',
  type: 'admin.p.need.type',
  phones: 'admin.p.need.phones',
  categories: 'admin.p.need.categories',
  'area.provinceCode': 'admin.p.need.province',
  'capacity.beds': 'admin.p.need.beds',
  'capacity.groups': 'admin.p.need.groups',
  channels: 'admin.p.need.channels',
};
const EMPTY_CODES = new Set(['too_small', 'invalid_value', 'invalid_type']);

/** The message of a field, in the console's language; for a field left empty, what to do. */
export function partnerFieldError(t: TFunction, errors: FieldErrors<NewPartnerValues>) {
  return (path: string): string | undefined => {
    const e = get<FieldErrors<NewPartnerValues>, FieldError | undefined>(errors, path);
    if (!e?.message) return undefined;
    const need = WHEN_EMPTY[path];
    if (need && e.type !== 'server' && EMPTY_CODES.has(e.type)) return t(need);
    return localIssue(t, e.message);
  };
}

/** Inside a section of the add-partner form: its form, the message of a field, and the options that re-check a change once submitted. */
export function usePartnerFormSection() {
  const { t } = useTranslation();
  const form = useFormContext<NewPartnerValues, unknown, TPartnerInput>();
  const err = partnerFieldError(t, form.formState.errors);
  const revalidate = { shouldDirty: true, shouldValidate: form.formState.isSubmitted };
  return { ...form, err, revalidate };
}
