/**
 * Province and commune pickers. Search ignores diacritics and case: "ha noi"
 * finds "Hà Nội", "d" finds "đ". Provinces are filtered here with the same
 * fold as the API; communes are searched by the API (3,321 of them).
 */
import { useMemo, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { foldVietnamese, PROVINCES } from '@hotline/core';
import { useCommuneSearch } from '../api/locations';

interface PickerProps {
  id?: string;
  value: string;
  onChange: (code: string) => void;
  onBlur?: () => void;
  status?: 'error' | '';
  disabled?: boolean;
  'aria-describedby'?: string;
}

export function ProvincePicker({ id, value, onChange, onBlur, status, disabled, allowed, ...aria }: PickerProps & { allowed: string[] | null }) {
  const { t } = useTranslation();
  const options = useMemo(
    () =>
      PROVINCES.filter((p) => allowed === null || allowed.includes(p.code)).map((p) => ({
        value: p.code,
        label: p.name,
        search: foldVietnamese(`${p.name} ${p.code}`),
      })),
    [allowed],
  );
  return (
    <Select
      id={id}
      value={value || undefined}
      onChange={(v: string) => onChange(v ?? '')}
      onBlur={onBlur}
      status={status || undefined}
      disabled={disabled}
      options={options}
      placeholder={t('call.provincePlaceholder')}
      showSearch={{ filterOption: (input, option) => Boolean(option?.search.includes(foldVietnamese(input))) }}
      allowClear
      style={{ width: '100%' }}
      aria-describedby={aria['aria-describedby']}
      data-testid="province-picker"
    />
  );
}

export function CommunePicker({
  id, provinceCode, value, label, onChange, onBlur, status, disabled, ...aria
}: Omit<PickerProps, 'onChange'> & { provinceCode: string; label: string; onChange: (code: string, name?: string) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const communes = useCommuneSearch(provinceCode, search);
  const options = useMemo(() => {
    const list = (communes.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }));
    if (value && label && !list.some((o) => o.value === value)) list.unshift({ value, label });
    return list;
  }, [communes.data, value, label]);

  return (
    <Select
      id={id}
      value={value || undefined}
      onChange={(v: string | undefined, opt) => onChange(v ?? '', (Array.isArray(opt) ? undefined : (opt?.label)) ?? '')}
      onBlur={onBlur}
      status={status || undefined}
      disabled={disabled || !provinceCode}
      options={options}
      loading={communes.isFetching}
      placeholder={t('call.communePlaceholder')}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => (!open ? setSearch('') : undefined)}
      allowClear
      notFoundContent={communes.isFetching ? t('app.loading') : t('app.none')}
      style={{ width: '100%' }}
      aria-describedby={aria['aria-describedby']}
      data-testid="commune-picker"
    />
  );
}
