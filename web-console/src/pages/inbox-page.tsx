/**
 * A collaborator's (or facility's) inbox: the referrals offered to them only,
 * to accept or decline, then record first contact and follow-ups. One column
 * of cards with large buttons, so it works on a phone in the field.
 */
import { useTranslation } from 'react-i18next';
import { Alert, App, Card, Empty, Typography } from 'antd';
import type { TReferralCard } from '@hotline/core';
import { useMyReferrals } from '../api/referrals';
import { Loading, QueryError } from '../components/query-state';
import { useRealtimeEvents } from '../realtime/socket';
import { ReferralCard } from './inbox/referral-card';

const CLOSED_STATES = ['declined', 'expired', 'withdrawn', 'completed', 'cancelled'];

export default function InboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const referrals = useMyReferrals();
  useRealtimeEvents(['referral.offered'], (_e, payload) => {
    const r = payload as TReferralCard;
    void message.info(`${t('inbox.newOffer')}: ${r.caseReference}`);
  });
  if (referrals.isPending) return <Loading />;
  if (referrals.isError) return <QueryError error={referrals.error} retry={() => void referrals.refetch()} />;
  const items = referrals.data;
  const open = (items ?? []).filter((r) => !CLOSED_STATES.includes(r.status));
  const done = (items ?? []).filter((r) => !open.includes(r));

  return (
    <div className="inbox" data-testid="inbox">
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('inbox.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('inbox.subtitle')}</Typography.Paragraph>
      {items === null ? <Alert type="info" showIcon title={t('inbox.notAvailable')} style={{ marginBottom: 12 }} data-testid="inbox-not-available" /> : null}
      {open.length === 0 ? (
        <Card>
          <Empty description={t('inbox.empty')} data-testid="inbox-empty" />
        </Card>
      ) : (
        open.map((r) => <ReferralCard key={r.id} r={r} />)
      )}
      {done.length > 0 ? (
        <>
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
            {t('inbox.handled')}
          </Typography.Title>
          {done.map((r) => (
            <ReferralCard key={r.id} r={r} />
          ))}
        </>
      ) : null}
    </div>
  );
}
