import { useTranslation } from 'react-i18next';
import { Tag } from 'antd';
import { formatSpan } from '../../lib/time';
import { useNow } from '../../lib/use-debounced';

export function CallTimer({ startedAt }: { startedAt: string }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  return (
    <Tag color="blue" aria-label={t('call.timer')} style={{ fontVariantNumeric: 'tabular-nums' }}>
      ⏱ {formatSpan(now - Date.parse(startedAt))}
    </Tag>
  );
}
