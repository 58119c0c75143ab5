/** Province and commune (searched without diacritics) and the address of the case. */
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Col, Input, Row } from 'antd';
import type { TSessionUser } from '@hotline/core';
import { Field, ariaFor } from '../../components/field';
import { CommunePicker, ProvincePicker } from '../../components/location-pickers';
import { useCallFormSection } from '../../lib/use-call-draft';

export function LocationFields({ user }: { user: TSessionUser }) {
  const { t } = useTranslation();
  const { control, watch, setValue, getValues, err } = useCallFormSection();
  const provinceCode = watch('case.location.provinceCode');
  return (
    <Row gutter={12}>
      <Col xs={24} md={8}>
        <Field label={t('call.province')} htmlFor="province" error={err('case.location.provinceCode')} required>
          <Controller
            control={control}
            name="case.location.provinceCode"
            render={({ field }) => (
              <ProvincePicker
                id="province"
                value={field.value}
                onChange={(v) => {
                  field.onChange(v);
                  setValue('case.location.communeCode', '');
                  setValue('ui.communeName', '');
                }}
                onBlur={field.onBlur}
                status={err('case.location.provinceCode') ? 'error' : ''}
                allowed={user.allProvinces ? null : user.provinces}
                aria-describedby={err('case.location.provinceCode') ? 'province-error' : undefined}
              />
            )}
          />
        </Field>
      </Col>
      <Col xs={24} md={8}>
        <Field label={t('call.commune')} htmlFor="commune" error={err('case.location.communeCode')}>
          <Controller
            control={control}
            name="case.location.communeCode"
            render={({ field }) => (
              <CommunePicker
                id="commune"
                provinceCode={provinceCode}
                value={field.value}
                label={getValues('ui.communeName')}
                onChange={(code, name) => {
                  field.onChange(code);
                  setValue('ui.communeName', name ?? '');
                }}
                onBlur={field.onBlur}
                status={err('case.location.communeCode') ? 'error' : ''}
              />
            )}
          />
        </Field>
      </Col>
      <Col xs={24} md={8}>
        <Field label={t('call.address')} htmlFor="address" error={err('case.location.address')}>
          <Controller
            control={control}
            name="case.location.address"
            render={({ field }) => <Input {...field} {...ariaFor('address', err('case.location.address'))} autoComplete="off" />}
          />
        </Field>
      </Col>
    </Row>
  );
}
