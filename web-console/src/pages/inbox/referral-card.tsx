/** One referral in a partner's inbox: its state, and the answer it can take next (large buttons, for a phone). */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { App, Button, Card, Space, Tag } from 'antd';
import { CheckOutlined, CloseOutlined, HomeOutlined, PhoneOutlined } from '@ant-design/icons';
import type { TReferralCard } from '@hotline/core';
import { useReferralAction, type ReferralAction } from '../../api/referrals';
import { RiskTag } from '../../components/labels';
import { formatDateTime, fromNow } from '../../lib/time';
import { ReferralTextDialog } from './referral-text-dialog';
import { useMyFacility } from '../../api/residents';
import { AdmissionDialog } from '../residents/admission-dialog';

export function ReferralCard({ r }: { r: TReferralCard }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<ReferralAction | null>(null);
  const [admitting, setAdmitting] = useState(false);
  const facility = useMyFacility();
  const act = useReferralAction(r, {
    onSuccess: () => {
      setDialog(null);
      void message.success(t('inbox.done'));
    },
    onError: (e) => void message.error(e.message),
  });
  const state = r.status;

  return (
    <Card className="referral-card" size="small" data-testid="referral-card" data-state={state} data-reference={r.caseReference} style={{ marginBottom: 12 }}>
      <Space wrap size={6} style={{ marginBottom: 6 }}>
        <strong className="referral-ref">{r.caseReference}</strong>
        <Tag color={state === 'offered' ? 'blue' : state === 'accepted' ? 'cyan' : state === 'contacted' ? 'green' : undefined}>{t(`referralState.${state}`, state)}</Tag>
        <RiskTag level={r.riskLevel} />
      </Space>
      <div>{t(`category.${r.category}`)}</div>
      <div className="muted">
        {t('inbox.offeredAt')} {formatDateTime(r.offeredAt)} ({fromNow(r.offeredAt)})
      </div>
      {r.contactedAt ? (
        <div className="muted">
          {t('referralState.contacted')}: {formatDateTime(r.contactedAt)}
        </div>
      ) : null}
      <div className="referral-actions">
        {state === 'offered' ? (
          <>
            <Button type="primary" size="large" icon={<CheckOutlined />} loading={act.isPending && act.variables?.action === 'accept'} onClick={() => act.mutate({ action: 'accept', text: '' })} data-testid="referral-accept">
              {t('inbox.accept')}
            </Button>
            <Button size="large" danger icon={<CloseOutlined />} onClick={() => setDialog('decline')} data-testid="referral-decline">
              {t('inbox.decline')}
            </Button>
          </>
        ) : null}
        {state === 'accepted' ? (
          <Button type="primary" size="large" icon={<PhoneOutlined />} onClick={() => setDialog('contacted')} data-testid="referral-contacted">
            {t('inbox.contacted')}
          </Button>
        ) : null}
        {state === 'contacted' ? (
          <>
            <Button size="large" onClick={() => setDialog('follow_up')} data-testid="referral-follow-up">
              {t('inbox.followUp')}
            </Button>
            <Button size="large" onClick={() => setDialog('complete')} data-testid="referral-complete">
              {t('inbox.complete')}
            </Button>
          </>
        ) : null}
        {facility.data && (state === 'accepted' || state === 'contacted') ? (
          <Button size="large" icon={<HomeOutlined />} onClick={() => setAdmitting(true)} data-testid="referral-admit">
            {t('residents.admit')}
          </Button>
        ) : null}
        {state !== 'offered' && state !== 'declined' && state !== 'expired' ? (
          <Link to={`/cases/${r.caseId}`}>
            <Button size="large" type="link">
              {t('inbox.view')}
            </Button>
          </Link>
        ) : null}
      </div>
      {admitting ? <AdmissionDialog referralId={r.id} onClose={() => setAdmitting(false)} /> : null}
      {dialog ? <ReferralTextDialog action={dialog} busy={act.isPending} onCancel={() => setDialog(null)} onOk={(text) => act.mutateAsync({ action: dialog, text })} /> : null}
    </Card>
  );
}
