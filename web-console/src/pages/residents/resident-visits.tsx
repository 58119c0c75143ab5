/** Follow-up visits after reunification (1, 3 and 6 months): each is an SLA deadline; recording one closes it. */
import { useTranslation } from 'react-i18next';
import { App, Button, Card, List, Tag } from 'antd';
import type { TResidentView } from '@hotline/core';
import { useResidentChange } from '../../api/residents';
import { Countdown } from '../../components/countdown';
import { formatDateTime } from '../../lib/time';

export function ResidentVisits({ r, canWrite }: { r: TResidentView; canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const change = useResidentChange(r.id, { onSuccess: () => void message.success(t('residents.saved')), onError: (e) => void message.error(e.message) });
  if (!r.reunifiedAt) return null;
  return (
    <Card size="small" title={`${t('residents.visits')} · ${t('residents.reunifiedAt')} ${formatDateTime(r.reunifiedAt)}`} data-testid="resident-visits" style={{ marginBottom: 12 }}>
      <List
        dataSource={r.visits}
        renderItem={(v) => (
          <List.Item
            data-visit-month={v.month}
            actions={
              !v.doneAt && canWrite
                ? [
                    <Button key="done" size="large" loading={change.isPending} onClick={() => change.mutate({ action: 'visits', body: { month: v.month } })} data-testid={`visit-done-${v.month}`}>
                      {t('residents.visitDone')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={t('residents.visitMonth', { n: v.month })}
              description={
                v.doneAt ? (
                  <Tag color="green">{`${t('residents.visitDoneAt')} ${formatDateTime(v.doneAt)}`}</Tag>
                ) : (
                  <span>
                    {t('residents.due')} {formatDateTime(v.dueAt)} <Countdown due={v.dueAt} />
                  </span>
                )
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
