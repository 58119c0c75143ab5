import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { countdown } from '@hotline/core';
import { useNow } from '../lib/use-debounced';
import { formatDateTime, formatSpan } from '../lib/time';

const COLORS = { ok: 'blue', warning: 'orange', breached: 'red' } as const;

/**
 * Time left until `due` (or how long overdue), ticking every second. The
 * state and the Vietnamese wording come from the SLA rules in core, so the
 * console says what the reminders and escalations will do.
 */
export function Countdown({ due, startsAt, done }: { due: string; startsAt?: string | undefined; done?: boolean }) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const c = countdown(new Date(due), new Date(now), startsAt ? { startsAt: new Date(startsAt) } : {});
  const label = i18n.language === 'vi' ? c.label : c.remainingMs < 0 ? t('case.overdue', { time: formatSpan(c.remainingMs) }) : t('case.remaining', { time: formatSpan(c.remainingMs) });
  return (
    <Tooltip title={`${t('case.due')}: ${formatDateTime(due)}`}>
      <Tag color={done ? 'default' : COLORS[c.state]} className="countdown" data-testid="countdown" data-state={c.state} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {label}
      </Tag>
    </Tooltip>
  );
}
