/** One resident in a facility's list: a card big enough to tap on a phone. */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Card, Space, Tag } from 'antd';
import type { TResidentView } from '@hotline/core';
import { formatDateTime } from '../../lib/time';

export function ResidentCard({ r }: { r: TResidentView }) {
  const { t } = useTranslation();
  return (
    <Link to={`/residents/${r.id}`} className="resident-link" data-testid="resident-card" data-resident-id={r.id}>
      <Card size="small" hoverable style={{ marginBottom: 10 }}>
        <Space wrap size={6} style={{ marginBottom: 4 }}>
          <strong>{r.name ?? t('residents.noName')}</strong>
          <Tag color="blue">{t(`group.${r.group}`)}</Tag>
          {r.ageYears !== null ? <span className="muted">{t('residents.ageN', { n: r.ageYears })}</span> : null}
          {r.current ? null : <Tag>{t(`residents.reason.${r.dischargeReason ?? 'other'}`)}</Tag>}
          {r.reunifiedAt ? <Tag color="green">{t('residents.reunified')}</Tag> : null}
        </Space>
        <div className="muted">
          {r.bed ? `${t('residents.bed')}: ${r.bed} · ` : ''}
          {t('residents.admittedAt')}: {formatDateTime(r.admittedAt)} · {r.caseReference}
        </div>
      </Card>
    </Link>
  );
}
