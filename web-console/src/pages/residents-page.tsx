/**
 * A facility's residents: its own users reach it from the menu (/residents),
 * the province's staff by the facility's id (/facilities/:id/residents). One
 * column of cards, so it works on a phone; beds per group in use on top.
 */
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Card, Empty, Segmented, Typography } from 'antd';
import { useFacilityResidents, useMyFacility, type ResidentStatus } from '../api/residents';
import { Loading, QueryError } from '../components/query-state';
import { BedsSummary } from './residents/beds-summary';
import { ResidentCard } from './residents/resident-card';

export default function ResidentsPage() {
  const { t } = useTranslation();
  const params = useParams();
  const mine = useMyFacility(!params.id);
  const facilityId = params.id ?? mine.data?.id;
  const [status, setStatus] = useState<ResidentStatus>('current');
  const list = useFacilityResidents(facilityId, status);

  if (!params.id && mine.isPending) return <Loading />;
  if (!params.id && mine.isError) return <QueryError error={mine.error} retry={() => void mine.refetch()} />;
  if (!facilityId) {
    return (
      <Card className="residents">
        <Empty description={t('residents.notFacility')} data-testid="residents-not-facility" />
      </Card>
    );
  }
  if (list.isPending) return <Loading />;
  if (list.isError) return <QueryError error={list.error} retry={() => void list.refetch()} />;
  const { facilityName, beds, items } = list.data;

  return (
    <div className="residents" data-testid="residents">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('residents.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {facilityName}
      </Typography.Paragraph>
      <BedsSummary beds={beds} />
      <Segmented
        block
        style={{ margin: '12px 0' }}
        value={status}
        onChange={(v) => setStatus(v)}
        options={(['current', 'discharged', 'all'] as const).map((s) => ({ value: s, label: t(`residents.status.${s}`) }))}
        data-testid="residents-status"
      />
      {items.length === 0 ? (
        <Card>
          <Empty description={t('residents.empty')} data-testid="residents-empty" />
        </Card>
      ) : (
        items.map((r) => <ResidentCard key={r.id} r={r} />)
      )}
    </div>
  );
}
