/** Missed and abandoned calls and voicemails: claim one, then call back through the line (one counsellor per caller). */
import { App, Button, Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCallBack, useCallbacks } from '../../api/voice';

export function CallbacksCard({ province }: { province: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useCallbacks(province);
  const act = useCallBack({ onError: (e) => void message.warning(e.message) });
  return (
    <Card title={t('voice.callbacks')} loading={list.isLoading} data-testid="voice-callbacks">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('voice.noCallbacks') }}
        columns={[
          { title: t('voice.number'), dataIndex: 'phone' },
          { title: t('voice.arrived'), render: (_, c) => new Date(c.arrivedAt).toLocaleString() },
          { title: t('voice.waitTime'), render: (_, c) => (c.waitedSeconds === null ? '—' : `${c.waitedSeconds} s`) },
          { title: '', render: (_, c) => (c.hasVoicemail ? <Tag color="blue">{t('voice.voicemail')}</Tag> : <Tag>{t('voice.abandoned')}</Tag>) },
          {
            title: '',
            render: (_, c) =>
              c.callback === 'open' ? (
                <Button size="small" onClick={() => act.mutate({ id: c.id, step: 'claim' })}>{t('voice.claim')}</Button>
              ) : (
                <Button size="small" type="primary" onClick={() => act.mutate({ id: c.id, step: 'call' })}>{t('voice.callBack')}</Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
