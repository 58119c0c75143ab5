/** The referrals of a case: each partner's state and why routing chose it; every candidate of the last round; routing again. */
import { useTranslation } from 'react-i18next';
import { App, Button, Card, Collapse, Empty, Table, Tag } from 'antd';
import { can, isReferable, type TCategory, type TReferralView, type TRoutingCandidate, type TRoutingDecision, type TSessionUser } from '@hotline/core';
import { useReroute } from '../../api/cases';
import { CandidateReasons, useCandidateReasons } from '../../components/routing-reasons';
import { formatDateTime } from '../../lib/time';

const REFERRAL_COLORS: Record<string, string> = { offered: 'blue', accepted: 'cyan', contacted: 'green', completed: 'green', declined: 'red', expired: 'orange', withdrawn: 'default', cancelled: 'default' };

export function ReferralsCard({
  referrals, decisions, caseId, category, closed, user,
}: { referrals: TReferralView[] | undefined; decisions: TRoutingDecision[] | undefined; caseId: string; category: TCategory; closed: boolean; user: TSessionUser }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reroute = useReroute({
    onSuccess: () => void message.success(t('routing.rerouted')),
    onError: (e) => void message.error(e.message),
  });
  if (referrals === undefined) return null;
  /** The last round's decision: every partner considered, ranked or excluded (staff only; the API leaves it out for partners). */
  const latest = [...(decisions ?? [])].sort((a, b) => b.round - a.round)[0];
  return (
    <Card
      title={t('case.referrals')}
      size="small"
      style={{ marginTop: 16 }}
      data-testid="case-referrals"
      extra={
        can(user, 'case.reroute') && isReferable(category) && !closed ? (
          <Button size="small" onClick={() => reroute.mutate(caseId)} loading={reroute.isPending} data-testid="reroute">
            {t('routing.reroute')}
          </Button>
        ) : null
      }
    >
      {referrals.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.referralsNone')} />
      ) : (
        <>
          <Table<TReferralView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={referrals}
            scroll={{ x: 640 }}
            columns={[
              { title: t('admin.partners'), dataIndex: 'partnerName', render: (n: string, r) => <span>{n} <span className="muted">· {t('routing.round', { n: r.round })}</span></span> },
              { title: t('cases.status'), dataIndex: 'status', render: (st: string) => <Tag color={REFERRAL_COLORS[st]} data-referral-status={st}>{t(`referralState.${st}`, st)}</Tag> },
              { title: t('case.routingReasons'), key: 'why', render: (_, r) => <CandidateReasons candidate={r.reason ?? undefined} /> },
              {
                title: t('inbox.offeredAt'),
                key: 'when',
                render: (_, r) => (
                  <div>
                    <div>{formatDateTime(r.offeredAt)}</div>
                    {r.answeredAt ? <div className="muted">{t(`referralState.${r.status === 'declined' ? 'declined' : 'accepted'}`)}: {formatDateTime(r.answeredAt)}</div> : null}
                    {r.contactedAt ? <div className="muted">{t('referralState.contacted')}: {formatDateTime(r.contactedAt)}</div> : null}
                  </div>
                ),
              },
            ]}
          />
          {latest ? (
            <Collapse
              ghost
              size="small"
              items={[
                {
                  key: 'candidates',
                  label: t('routing.candidates', { count: latest.candidates.length }),
                  children: (
                    <ul className="plain-list">
                      {latest.candidates.map((c) => (
                        <li key={c.partnerId} className="candidate-row">
                          <strong>{c.name}</strong> <CandidateReasonsInline candidate={c} />
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]}
            />
          ) : null}
        </>
      )}
    </Card>
  );
}

function CandidateReasonsInline({ candidate }: { candidate: TRoutingCandidate }) {
  const reasons = useCandidateReasons()(candidate);
  return <span className={candidate.excluded ? 'muted' : undefined}>— {reasons.join(' · ')}</span>;
}
