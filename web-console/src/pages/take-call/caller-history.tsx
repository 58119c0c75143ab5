/** What the API knows of the number being typed: the caller's open cases (to attach the call to one) and earlier calls. */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, List, Space, Tag } from 'antd';
import { toE164 } from '@hotline/core/phone-format';
import { useCallerLookup } from '../../api/calls';
import { RiskTag, StatusTag } from '../../components/labels';
import { formatDateTime } from '../../lib/time';
import { useDebounced } from '../../lib/use-debounced';

export function CallerHistoryPanel({ phone, selectedCaseId, onAttach }: { phone: string; selectedCaseId: string; onAttach: (c: { id: string; reference: string }) => void }) {
  const { t } = useTranslation();
  const debounced = useDebounced(phone.trim(), 450);
  // Read as the API reads it: only a valid number is looked up, and "0912 345 678" and "0912345678" are the same lookup.
  const e164 = toE164(debounced);
  const usable = e164 !== null;
  const history = useCallerLookup(e164 ?? '', usable);
  if (!usable) return null;
  if (history.isPending) return <div className="muted" aria-live="polite">{t('call.historyLoading')}</div>;
  if (history.isError) return null;
  const h = history.data;
  if (h.previousCalls.length === 0 && h.openCases.length === 0) {
    return (
      <div className="muted" aria-live="polite" data-testid="caller-history-empty">
        {t('call.historyNone')}
      </div>
    );
  }
  return (
    <Card size="small" className="caller-history" title={`${t('call.history')} · ${h.phoneMasked ?? ''}`} data-testid="caller-history" aria-live="polite">
      {h.openCases.length > 0 ? (
        <>
          <div className="field-label">{t('call.openCases', { count: h.openCases.length })}</div>
          <List
            size="small"
            dataSource={h.openCases}
            renderItem={(c) => (
              <List.Item
                actions={[
                  <Button
                    key="attach"
                    size="small"
                    type={selectedCaseId === c.id ? 'primary' : 'default'}
                    onClick={() => onAttach(c)}
                    data-testid={`attach-${c.reference}`}
                  >
                    {t('call.attach')}
                  </Button>,
                ]}
              >
                <Space wrap>
                  <Link to={`/cases/${c.id}`} target="_blank">
                    <strong>{c.reference}</strong>
                  </Link>
                  <StatusTag status={c.status} />
                  <RiskTag level={c.riskLevel} />
                  <span>{t(`category.${c.category}`)}</span>
                </Space>
              </List.Item>
            )}
          />
        </>
      ) : null}
      {h.previousCalls.length > 0 ? (
        <>
          <div className="field-label">{t('call.previousCalls', { count: h.previousCalls.length })}</div>
          <List
            size="small"
            dataSource={h.previousCalls.slice(0, 5)}
            renderItem={(c) => (
              <List.Item>
                <Space wrap>
                  <span>{formatDateTime(c.startedAt)}</span>
                  <Tag>{t(`outcome.${c.outcome}`)}</Tag>
                </Space>
              </List.Item>
            )}
          />
        </>
      ) : null}
      {h.openCases.length === 0 && h.previousCalls.length === 0 ? <Empty /> : null}
    </Card>
  );
}
