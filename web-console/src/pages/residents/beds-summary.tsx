/** Beds per group with how many are in use (counted from the current residents). */
import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TGroupBeds } from '@hotline/core';

export function BedsSummary({ beds }: { beds: TGroupBeds[] }) {
  const { t } = useTranslation();
  if (beds.length === 0) return null;
  return (
    <Space wrap size={4} data-testid="beds-summary" aria-label={t('residents.beds')}>
      <span className="muted">{t('residents.beds')}:</span>
      {beds.map((b) => (
        <Tag key={b.group} color={b.inUse >= b.beds ? 'red' : 'green'} data-group={b.group}>
          {t(`group.${b.group}`)} {b.inUse}/{b.beds}
        </Tag>
      ))}
    </Space>
  );
}
