/** The Reports page's filters: period (month, quarter, year, custom range), provinces, categories, risk levels, groups, channels. */
import { DatePicker, Segmented, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CALL_CHANNELS, CATEGORY_CODES, PERSON_GROUPS, RISK_LEVELS } from '@hotline/core';
import { ProvinceMultiSelect } from '../../components/province-multi-select';
import type { PeriodKind } from './period';

export interface FilterState {
  kind: PeriodKind;
  anchor: Dayjs;
  custom: [Dayjs, Dayjs] | null;
  province: string[];
  category: string[];
  risk: string[];
  group: string[];
  channel: string[];
}

export function ReportFilters({ value, onChange }: { value: FilterState; onChange: (v: FilterState) => void }) {
  const { t } = useTranslation();
  const set = (patch: Partial<FilterState>) => onChange({ ...value, ...patch });
  const multi = (key: 'category' | 'risk' | 'group' | 'channel', codes: readonly string[], labelPrefix: string) => (
    <Select
      mode="multiple"
      allowClear
      style={{ minWidth: 180 }}
      placeholder={t(`reports.filter.${key}`)}
      aria-label={t(`reports.filter.${key}`)}
      value={value[key]}
      onChange={(v: string[]) => set({ [key]: v })}
      options={codes.map((c) => ({ value: c, label: t(`${labelPrefix}.${c}`) }))}
    />
  );
  return (
    <Space wrap className="report-filters no-print" data-testid="report-filters">
      <Segmented<PeriodKind>
        value={value.kind}
        onChange={(kind) => set({ kind })}
        options={(['month', 'quarter', 'year', 'custom'] as const).map((k) => ({ value: k, label: t(`reports.period.${k}`) }))}
      />
      {value.kind === 'custom' ? (
        <DatePicker.RangePicker value={value.custom} onChange={(r) => set({ custom: r && r[0] && r[1] ? [r[0], r[1]] : null })} />
      ) : (
        <DatePicker picker={value.kind} value={value.anchor} allowClear={false} onChange={(d) => d && set({ anchor: d })} aria-label={t('reports.period.pick')} />
      )}
      <div style={{ minWidth: 200 }}>
        <ProvinceMultiSelect id="report-provinces" value={value.province} onChange={(province) => set({ province })} />
      </div>
      {multi('category', CATEGORY_CODES, 'category')}
      {multi('risk', RISK_LEVELS, 'risk')}
      {multi('group', PERSON_GROUPS, 'group')}
      {multi('channel', CALL_CHANNELS, 'channel')}
    </Space>
  );
}
