/**
 * Several of the 34 provinces, searched without diacritics ("ho chi minh"
 * finds "Thành phố Hồ Chí Minh"; the code "79" works too).
 */
import { forwardRef, useMemo } from 'react';
import { Select } from 'antd';
import type { RefSelectProps } from 'antd/es/select';
import { useTranslation } from 'react-i18next';
import { foldVietnamese, PROVINCES } from '@hotline/core';

interface Props {
  id: string;
  value: string[];
  onChange: (codes: string[]) => void;
  onBlur?: () => void;
  disabled?: boolean;
  status?: 'error' | '';
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

export const ProvinceMultiSelect = forwardRef<RefSelectProps, Props>(function ProvinceMultiSelect(
  { id, value, onChange, onBlur, disabled, status, ...aria },
  ref,
) {
  const { t } = useTranslation();
  const options = useMemo(() => PROVINCES.map((p) => ({ value: p.code, label: p.name, search: foldVietnamese(`${p.name} ${p.code}`) })), []);
  return (
    <Select
      ref={ref}
      id={id}
      mode="multiple"
      value={value}
      onChange={(v: string[]) => onChange(v)}
      onBlur={onBlur}
      disabled={disabled}
      status={status || undefined}
      options={options}
      placeholder={t('call.provincePlaceholder')}
      showSearch={{ filterOption: (input, option) => Boolean(option?.search.includes(foldVietnamese(input))) }}
      maxTagCount="responsive"
      allowClear
      style={{ width: '100%' }}
      aria-describedby={aria['aria-describedby']}
      aria-invalid={aria['aria-invalid']}
      data-testid={`${id}-select`}
    />
  );
});
