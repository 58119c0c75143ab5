/**
 * A collaborator's (or facility's) inbox: the referrals offered to them only,
 * to accept or decline, then record first contact and follow-ups. One column
 * of cards with large buttons, so it works on a phone in the field.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Card, Empty, Input, Modal, Space, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, PhoneOutlined } from '@ant-design/icons';
import type { TReferralCard } from '@hotline/core';
import { http, isMissingEndpoint } from '../api/http';
import type { Page } from '../api/types';
import { RiskTag } from '../components/labels';
import { Loading, QueryError } from '../components/query-state';
import { formatDateTime, fromNow } from '../lib/time';
import { Field } from '../components/field';
import { useRealtimeEvents } from '../realtime/socket';

export const REFERRALS_KEY = ['referrals', 'mine'] as const;

/** The signed-in partner's referrals (GET /api/referrals answers only their own); null while the endpoint does not exist. */
async function fetchMine(): Promise<TReferralCard[] | null> {
  try {
    return (await http.get<Page<TReferralCard>>('/api/referrals?limit=100')).items;
  } catch (err) {
    if (isMissingEndpoint(err)) return null;
    throw err;
  }
}

const CLOSED_STATES = ['declined', 'expired', 'withdrawn', 'completed', 'cancelled'];

type Action = 'accept' | 'decline' | 'contacted' | 'complete' | 'follow_up';

export default function InboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const referrals = useQuery({ queryKey: REFERRALS_KEY, queryFn: fetchMine });
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

function ReferralCard({ r }: { r: TReferralCard }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Action | null>(null);
  const act = useMutation({
    mutationFn: async ({ action, text }: { action: Action; text: string }) => {
      if (action === 'follow_up') return http.post(`/api/cases/${r.caseId}/notes`, { kind: 'follow_up', text });
      const body = action === 'decline' ? (text ? { reason: text } : {}) : text ? { note: text } : {};
      return http.post(`/api/referrals/${r.id}/${action}`, body);
    },
    onSuccess: () => {
      setDialog(null);
      void qc.invalidateQueries({ queryKey: ['referrals'] });
      void qc.invalidateQueries({ queryKey: ['case', r.caseId] });
      void message.success(t('inbox.done'));
    },
    onError: (e) => {
      void message.error((e as Error).message);
      void qc.invalidateQueries({ queryKey: ['referrals'] });
    },
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
        {state !== 'offered' && state !== 'declined' && state !== 'expired' ? (
          <Link to={`/cases/${r.caseId}`}>
            <Button size="large" type="link">
              {t('inbox.view')}
            </Button>
          </Link>
        ) : null}
      </div>
      {dialog ? <TextDialog action={dialog} busy={act.isPending} onCancel={() => setDialog(null)} onOk={(text) => act.mutate({ action: dialog, text })} /> : null}
    </Card>
  );
}

function TextDialog({ action, busy, onCancel, onOk }: { action: Action; busy: boolean; onCancel: () => void; onOk: (text: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const required = action === 'follow_up';
  const label = action === 'decline' ? t('inbox.declineReason') : action === 'follow_up' ? t('inbox.followUpText') : t('inbox.contactNote');
  const title = t(`inbox.${action === 'follow_up' ? 'followUp' : action}`);
  return (
    <Modal
      open
      title={title}
      onCancel={onCancel}
      confirmLoading={busy}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      onOk={() => {
        if (required && !text.trim()) return setError(t('case.reasonRequired'));
        onOk(text.trim());
      }}
    >
      <Field label={label} htmlFor="inbox-text" error={error} required={required}>
        <Input.TextArea id="inbox-text" autoFocus value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 3 }} maxLength={2000} aria-invalid={error ? true : undefined} />
      </Field>
    </Modal>
  );
}
