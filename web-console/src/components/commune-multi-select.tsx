/**
 * Several communes / wards of one province, searched by the API (3,321 of
 * them) with the same diacritics-insensitive fold as the single
 * CommunePicker: "ba dinh" finds "Phường Ba Đình". The list shows only what
 * the search found; the names of the communes already picked are remembered,
 * so a new search does not turn them into bare codes.
 */
import { forwardRef, useEffect, useMemo, useState } from 'react';
import { Select } from 'antd';
import type { RefSelectProps } from 'antd/es/select';
import { useTranslation } from 'react-i18next';
import { useCommuneSearch } from '../api/locations';

interface Props {
  id: string;
  provinceCode: string;
  value: string[];
  onChange: (codes: string[]) => void;
  onBlur?: () => void;
  status?: 'error' | '';
  placeholder?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

export const CommuneMultiSelect = forwardRef<RefSelectProps, Props>(function CommuneMultiSelect(
  { id, provinceCode, value, onChange, onBlur, status, placeholder, ...aria },
  ref,
) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [names, setNames] = useState<Map<string, string>>(() => new Map());
  const communes = useCommuneSearch(provinceCode, search);
  useEffect(() => {
    const items = communes.data?.items ?? [];
    if (items.some((c) => !names.has(c.code))) setNames((old) => new Map([...old, ...items.map((c) => [c.code, c.name] as const)]));
  }, [communes.data, names]);
  // Only the communes found by the search are listed; the chosen ones carry their own names (labelInValue).
  const options = useMemo(() => (communes.data?.items ?? []).map((c) => ({ value: c.code, label: c.name })), [communes.data]);
  const chosen = useMemo(() => value.map((code) => ({ value: code, label: names.get(code) ?? code })), [value, names]);

  return (
    <Select
      ref={ref}
      id={id}
      mode="multiple"
      labelInValue
      value={chosen}
      onChange={(v: Array<{ value: string; label?: React.ReactNode }>) => onChange(v.map((o) => o.value))}
      onSelect={() => setSearch('')}
      onBlur={onBlur}
      status={status || undefined}
      disabled={!provinceCode}
      options={options}
      loading={communes.isFetching}
      placeholder={placeholder ?? t('call.communePlaceholder')}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => (!open ? setSearch('') : undefined)}
      notFoundContent={communes.isFetching ? t('app.loading') : t('app.none')}
      maxTagCount="responsive"
      allowClear
      style={{ width: '100%' }}
      aria-describedby={aria['aria-describedby']}
      aria-invalid={aria['aria-invalid']}
      data-testid={`${id}-select`}
    />
  );
});
