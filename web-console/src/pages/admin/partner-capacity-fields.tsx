/** A facility's beds: the groups of people it takes in and the beds for each (in use is counted from its residents). */
import { useMemo } from 'react';
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Col, InputNumber, Row, Select } from 'antd';
import { foldVietnamese, PERSON_GROUPS, type TPersonGroup } from '@hotline/core';
import { ariaFor, Field } from '../../components/field';
import { FIELDSET, LEGEND } from './admin-common';
import { usePartnerFormSection } from './partner-create-form';

export const foldedMatch = (input: string, option?: { search?: string }) => Boolean(option?.search?.includes(foldVietnamese(input)));

export function PartnerCapacityFields() {
  const { t } = useTranslation();
  const { control, err, watch } = usePartnerFormSection();
  const groups = watch('capacity.groups');
  const groupOptions = useMemo(() => PERSON_GROUPS.map((g) => ({ value: g, label: t(`group.${g}`), search: foldVietnamese(t(`group.${g}`)) })), [t]);
  const folded = foldedMatch;
  return (
    <fieldset style={FIELDSET} data-testid="partner-new-capacity">
      <legend style={LEGEND}>{t('admin.p.beds')}</legend>
      <Row gutter={12}>
        <Col xs={24}>
          <Field label={t('admin.p.groups')} htmlFor="partner-new-groups" error={err('capacity.groups')} required>
            <Controller
              control={control}
              name="capacity.groups"
              render={({ field }) => (
                <Select<TPersonGroup[]>
                  ref={field.ref}
                  id="partner-new-groups"
                  mode="multiple"
                  value={field.value}
                  onChange={(v) => field.onChange(v)}
                  onBlur={field.onBlur}
                  status={err('capacity.groups') ? 'error' : undefined}
                  options={groupOptions}
                  showSearch={{ filterOption: (input, o) => folded(input, o as { search?: string }) }}
                  placeholder={t('admin.p.groupsPlaceholder')}
                  maxTagCount="responsive"
                  allowClear
                  style={{ width: '100%' }}
                  aria-invalid={err('capacity.groups') ? true : undefined}
                  aria-describedby={err('capacity.groups') ? 'partner-new-groups-error' : undefined}
                />
              )}
            />
          </Field>
        </Col>
      </Row>
      {groups.length > 0 ? (
        <Row gutter={12} data-testid="partner-new-beds">
          {groups.map((g) => (
            <Col xs={12} md={6} key={g}>
              <Field label={`${t('admin.p.bedsTotal')} · ${t(`group.${g}`)}`} htmlFor={`partner-new-beds-${g}`} error={err('capacity.beds')} required>
                <Controller
                  control={control}
                  name={`capacity.beds.${g}`}
                  render={({ field }) => (
                    <InputNumber ref={field.ref} value={field.value ?? null} onChange={(v) => field.onChange(v)} onBlur={field.onBlur} min={0} precision={0} style={{ width: '100%' }} {...ariaFor(`partner-new-beds-${g}`, err('capacity.beds'))} />
                  )}
                />
              </Field>
            </Col>
          ))}
        </Row>
      ) : null}
    </fieldset>
  );
}
