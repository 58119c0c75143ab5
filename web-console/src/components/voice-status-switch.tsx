/** The counsellor's phone status in the header: available, wrap-up, break, offline (on a call is shown, set by answering). */
import { App, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TCounsellorStatus } from '@hotline/core';
import { useMyVoiceStatus, useSetVoiceStatus } from '../api/voice';
import { useRealtimeEvents } from '../realtime/socket';
import { useQueryClient } from '@tanstack/react-query';
import { qk } from '../api/query-keys';

const SETTABLE: TCounsellorStatus[] = ['available', 'wrap_up', 'break', 'offline'];

export function VoiceStatusSwitch() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const status = useMyVoiceStatus(true);
  const set = useSetVoiceStatus({ onError: (e) => void message.error(e.message) });
  useRealtimeEvents(['voice.ring_ended'], () => void qc.invalidateQueries({ queryKey: qk.voice.status }));
  const current = status.data?.status;
  return (
    <Select
      size="small"
      data-testid="voice-status"
      aria-label={t('voice.statusLabel')}
      value={current}
      loading={status.isLoading || set.isPending}
      style={{ minWidth: 150 }}
      onChange={(v: TCounsellorStatus) => set.mutate(v)}
      options={[...SETTABLE, ...(current === 'on_call' ? (['on_call'] as const) : [])].map((s) => ({ value: s, label: t(`voice.status.${s}`), disabled: s === 'on_call' }))}
    />
  );
}
