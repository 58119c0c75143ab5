/**
 * The notice channels of a partner in the order they are tried (console,
 * SMS, voice call): move up and down, remove, add back. Shared by the
 * partner's edit form and the add-partner form.
 */
import { useTranslation } from 'react-i18next';
import { Button, Space } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { NOTIFY_CHANNELS, type TNotifyChannel } from '@hotline/core';

export function ChannelOrder({
  id, channels, onChange, error,
}: { id: string; channels: TNotifyChannel[]; onChange: (next: TNotifyChannel[]) => void; error?: string | undefined }) {
  const { t } = useTranslation();
  const name = (c: TNotifyChannel) => t(`admin.p.channel.${c}`);
  const move = (i: number, by: number) => {
    const next = [...channels];
    const [c] = next.splice(i, 1);
    next.splice(i + by, 0, c!);
    onChange(next);
  };
  return (
    <div data-testid={id}>
      <ol style={{ listStyle: 'none', padding: 0, margin: '0 0 8px' }} aria-describedby={error ? `${id}-error` : undefined}>
        {channels.map((c, i) => (
          <li key={c} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '4px 0', maxWidth: 360 }} data-channel={c}>
            <span>{i + 1}. {name(c)}</span>
            <Space size={4}>
              <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('admin.p.up', { channel: name(c) })} />
              <Button size="small" icon={<ArrowDownOutlined />} disabled={i === channels.length - 1} onClick={() => move(i, 1)} aria-label={t('admin.p.down', { channel: name(c) })} />
              <Button size="small" icon={<CloseOutlined />} disabled={channels.length === 1} onClick={() => onChange(channels.filter((x) => x !== c))} aria-label={t('admin.p.remove', { channel: name(c) })} />
            </Space>
          </li>
        ))}
      </ol>
      <Space wrap>
        {NOTIFY_CHANNELS.filter((c) => !channels.includes(c)).map((c) => (
          <Button key={c} size="small" icon={<PlusOutlined />} onClick={() => onChange([...channels, c])} data-testid={`${id}-add-${c}`}>
            {name(c)}
          </Button>
        ))}
      </Space>
      {error ? <div className="field-error" id={`${id}-error`} role="alert">{error}</div> : null}
    </div>
  );
}
