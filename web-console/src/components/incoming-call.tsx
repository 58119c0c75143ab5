/**
 * A waiting call rings this console: the caller's masked number, the IVR
 * choice, how long they waited and their history. Answering connects the
 * call and opens the call form pre-filled (number, channel, start time).
 */
import { useState } from 'react';
import { App, Button, Descriptions, Modal, Space, Tag, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TCallerHistory, TVoiceCallView } from '@hotline/core';
import { useDeclineCall, useTakeCall } from '../api/voice';
import { useUser } from '../auth/session';
import { newDraft, saveDraft } from '../lib/call-draft';
import { useRealtimeEvents } from '../realtime/socket';

interface Ring {
  call: TVoiceCallView;
  history: TCallerHistory;
}

export function IncomingCall() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [ring, setRing] = useState<Ring | null>(null);
  useRealtimeEvents(['voice.ringing', 'voice.ring_ended'], (event, payload) => {
    if (event === 'voice.ringing') setRing(payload as Ring);
    else setRing((cur) => (cur && cur.call.id === (payload as { callId: string }).callId ? null : cur));
  });
  const answer = useTakeCall('answer', {
    onSuccess: (r) => {
      const draft = newDraft(user.provinces[0] ?? '');
      draft.startedAt = r.prefill.startedAt;
      draft.values.caller.phone = r.prefill.phone;
      saveDraft(user.id, draft);
      setRing(null);
      void navigate(`/call?voice=${r.call.id}`);
    },
    onError: (e) => {
      setRing(null);
      void message.warning(e.message);
    },
  });
  const decline = useDeclineCall();
  if (!ring) return null;
  const { call, history } = ring;
  return (
    <Modal
      open
      closable={false}
      maskClosable={false}
      title={<Space><PhoneOutlined />{t('voice.ringing')}</Space>}
      data-testid="incoming-call"
      footer={[
        <Button key="decline" danger onClick={() => { decline.mutate(call.id); setRing(null); }}>{t('voice.decline')}</Button>,
        <Button key="answer" type="primary" loading={answer.isPending} onClick={() => answer.mutate(call.id)}>{t('voice.answer')}</Button>,
      ]}
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('voice.number')}><Typography.Text data-testid="incoming-number">{call.phone}</Typography.Text></Descriptions.Item>
        <Descriptions.Item label={t('voice.choice')}>
          {call.emergency ? <Tag color="red">{t('voice.ivr.danger')}</Tag> : <Tag>{t(`voice.ivr.${call.ivrChoice ?? 'counselling'}`)}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('voice.history')}>
          {t('voice.historyCounts', { calls: history.previousCalls.length, cases: history.openCases.length })}
        </Descriptions.Item>
      </Descriptions>
    </Modal>
  );
}
