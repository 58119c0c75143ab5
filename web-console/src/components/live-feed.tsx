/** New calls and cases in the user's provinces, arriving live. */
import { useState } from 'react';
import { Badge, Card, Empty, List, Space, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TCallCard, TCaseCard } from '@hotline/core';
import { useLatestCases } from '../api/cases';
import { useRealtimeEvents } from '../realtime/socket';
import { RiskTag, StatusTag, provinceName } from './labels';
import { formatTime } from '../lib/time';

export function LiveFeed() {
  const { t } = useTranslation();
  const [calls, setCalls] = useState<TCallCard[]>([]);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const cases = useLatestCases(8);
  useRealtimeEvents(['call.created', 'case.created'], (event, payload) => {
    if (event === 'call.created') setCalls((c) => [payload as TCallCard, ...c.filter((x) => x.id !== (payload as TCallCard).id)].slice(0, 10));
    if (event === 'case.created') setFresh((f) => new Set(f).add((payload as TCaseCard).id));
  });

  return (
    <Card title={t('call.live')} size="small" data-testid="live-feed" aria-live="polite">
      <div className="field-label">{t('call.liveCases')}</div>
      {cases.data && cases.data.items.length === 0 ? <Empty description={t('call.liveEmpty')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
      <List
        size="small"
        loading={cases.isPending}
        dataSource={cases.data?.items ?? []}
        renderItem={(c) => (
          <List.Item data-testid="live-case">
            <Space wrap size={4}>
              {fresh.has(c.id) ? <Badge status="processing" /> : null}
              <Link to={`/cases/${c.id}`}>
                <strong>{c.reference}</strong>
              </Link>
              <RiskTag level={c.riskLevel} />
              <StatusTag status={c.status} />
              <span className="muted">
                {t(`category.${c.category}`)} · {provinceName(c.provinceCode)} · {formatTime(c.createdAt)}
              </span>
            </Space>
          </List.Item>
        )}
      />
      {calls.length > 0 ? (
        <>
          <div className="field-label" style={{ marginTop: 8 }}>
            {t('call.liveCalls')}
          </div>
          <List
            size="small"
            dataSource={calls}
            renderItem={(c) => (
              <List.Item data-testid="live-call">
                <Space wrap size={4}>
                  <span>{formatTime(c.startedAt)}</span>
                  <Tag>{t(`outcome.${c.outcome}`)}</Tag>
                  {c.callerPhoneMasked ? <span className="muted">{c.callerPhoneMasked}</span> : null}
                  {c.repeatCaller ? <Tag color="orange">↻</Tag> : null}
                </Space>
              </List.Item>
            )}
          />
        </>
      ) : null}
    </Card>
  );
}
