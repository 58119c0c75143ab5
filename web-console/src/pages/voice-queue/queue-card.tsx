/** The live queue of one province: waiting calls (wait time, IVR choice), counsellors by status, today's counts; a supervisor pulls a waiting call. */
import { App, Button, Card, List, Space, Statistic, Table, Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { qk } from '../../api/query-keys';
import { useTakeCall, useVoiceQueue } from '../../api/voice';
import { useUser } from '../../auth/session';
import { newDraft, saveDraft } from '../../lib/call-draft';
import { useRealtimeEvents } from '../../realtime/socket';

export function VoiceQueueCard({ province }: { province: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const queue = useVoiceQueue(province);
  useRealtimeEvents(['voice.queue_changed'], () => void qc.invalidateQueries({ queryKey: qk.voice.all }));
  const pull = useTakeCall('pull', {
    onSuccess: (r) => {
      const draft = newDraft(province);
      draft.startedAt = r.prefill.startedAt;
      draft.values.caller.phone = r.prefill.phone;
      saveDraft(user.id, draft);
      void navigate(`/call?voice=${r.call.id}`);
    },
    onError: (e) => void message.warning(e.message),
  });
  const q = queue.data;
  return (
    <Card title={t('voice.queueTitle')} loading={queue.isLoading} data-testid="voice-queue">
      {q && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space size="large" wrap>
            <Statistic title={t('voice.waiting')} value={q.waiting.length} />
            <Statistic title={t('voice.longestWait')} value={q.longestWaitSeconds} suffix="s" />
            <Statistic title={t('voice.answeredToday')} value={q.answeredToday} />
            <Statistic title={t('voice.abandonedToday')} value={q.abandonedToday} />
          </Space>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={q.waiting}
            locale={{ emptyText: t('voice.noneWaiting') }}
            columns={[
              { title: t('voice.number'), dataIndex: 'phone' },
              { title: t('voice.choice'), render: (_, c) => <Tag color={c.emergency ? 'red' : undefined}>{t(`voice.ivr.${c.ivrChoice ?? 'counselling'}`)}</Tag> },
              { title: t('voice.waitTime'), render: (_, c) => `${c.waitSeconds} s` },
              { title: '', render: (_, c) => <Button size="small" onClick={() => pull.mutate(c.id)}>{t('voice.pull')}</Button> },
            ]}
          />
          <List
            size="small"
            header={t('voice.counsellors')}
            dataSource={q.counsellors}
            renderItem={(c) => (
              <List.Item>
                {c.name} <Tag>{t(`voice.status.${c.status}`)}</Tag>
                {!c.online && <Tag color="default">{t('app.offline')}</Tag>}
              </List.Item>
            )}
          />
        </Space>
      )}
    </Card>
  );
}
