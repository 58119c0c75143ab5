import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { provinceByCode, type TCaseStatus, type TRiskLevel } from '@hotline/core';

const RISK_COLORS: Record<TRiskLevel, string> = { emergency: 'red', high: 'volcano', medium: 'gold', low: 'green' };
const STATUS_COLORS: Record<TCaseStatus, string> = {
  new: 'blue',
  triaged: 'geekblue',
  referred: 'purple',
  accepted: 'cyan',
  in_progress: 'processing',
  follow_up: 'orange',
  closed: 'default',
};

export function RiskTag({ level }: { level: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={RISK_COLORS[level as TRiskLevel] ?? 'default'} data-risk={level}>
      {t(`risk.${level}`, level)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status as TCaseStatus] ?? 'default'} data-status={status}>
      {t(`status.${status}`, status)}
    </Tag>
  );
}

export function provinceName(code: string | null | undefined): string {
  if (!code) return '—';
  return provinceByCode(code)?.name ?? code;
}
