/**
 * One resident: who, where, on what legal basis; follow-up visits after
 * reunification; the timeline (care notes, tracing steps) and what the
 * facility records next. Phone-width: one column.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useResident } from '../api/residents';
import { useMe } from '../auth/session';
import { Loading, QueryError } from '../components/query-state';
import { formatDateTime } from '../lib/time';
import { ResidentActionDialog, type ResidentAction } from './residents/resident-action-dialog';
import { ResidentTimeline } from './residents/resident-timeline';
import { ResidentVisits } from './residents/resident-visits';

const WRITERS = ['collaborator', 'supervisor', 'manager', 'admin'];

export default function ResidentPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const resident = useResident(id);
  const [dialog, setDialog] = useState<ResidentAction | null>(null);
  if (resident.isPending) return <Loading />;
  if (resident.isError) return <QueryError error={resident.error} retry={() => void resident.refetch()} />;
  const r = resident.data;
  const canWrite = WRITERS.includes(me.data?.role ?? '');
  const actions: ResidentAction[] = r.current ? ['notes', 'tracing', ...(r.reunifiedAt ? [] : (['reunification'] as const)), 'discharge'] : ['notes'];

  return (
    <div className="residents" data-testid="resident" data-resident-id={r.id}>
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {r.name ?? t('residents.noName')}
      </Typography.Title>
      <Space wrap size={6} style={{ marginBottom: 12 }}>
        <Tag color="blue">{t(`group.${r.group}`)}</Tag>
        {r.current ? <Tag color="green">{t('residents.status.current')}</Tag> : <Tag>{t(`residents.reason.${r.dischargeReason ?? 'other'}`)}</Tag>}
        <Link to={me.data?.role === 'collaborator' ? '/residents' : `/facilities/${r.facilityId}/residents`}>{r.facilityName}</Link>
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('residents.ageLabel')}>{r.ageYears ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('residents.gender')}>{t(`gender.${r.gender}`)}</Descriptions.Item>
          <Descriptions.Item label={t('residents.bed')}>{r.bed ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('residents.admittedAt')}>{formatDateTime(r.admittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('residents.legalBasis')}>{r.legalBasis}</Descriptions.Item>
          <Descriptions.Item label={t('residents.decisionNumber')}>{r.decisionNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('residents.case')}>
            <Link to={`/cases/${r.caseId}`}>{r.caseReference}</Link>
          </Descriptions.Item>
          {r.dischargedAt ? <Descriptions.Item label={t('residents.dischargedAt')}>{formatDateTime(r.dischargedAt)}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      {canWrite ? (
        <div className="referral-actions" style={{ marginBottom: 12 }}>
          {actions.map((a) => (
            <Button key={a} size="large" type={a === 'notes' ? 'primary' : 'default'} danger={a === 'discharge'} onClick={() => setDialog(a)} data-testid={`resident-${a}`}>
              {t(`residents.action.${a}`)}
            </Button>
          ))}
        </div>
      ) : null}
      <ResidentVisits r={r} canWrite={canWrite} />
      <ResidentTimeline events={r.timeline} />
      {dialog ? <ResidentActionDialog residentId={r.id} action={dialog} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
