/** The timeline of a case, newest first, each event described in the console's language. */
import { useTranslation } from 'react-i18next';
import { Card, Empty, Timeline } from 'antd';
import type { TTimelineEvent } from '@hotline/core';
import { formatDateTime } from '../../lib/time';

function describeEvent(e: TTimelineEvent, t: (k: string, o?: Record<string, unknown> | string) => string): string {
  const d = e.data;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (e.type) {
    case 'case.status_changed':
    case 'case.triaged':
    case 'case.reopened':
    case 'case.closed':
      return `${t(`status.${s(d.from)}`, s(d.from))} → ${t(`status.${s(d.to)}`, s(d.to))}${d.reason ? ` — ${s(d.reason)}` : ''}`;
    case 'case.note_added':
      return `${t(`noteKind.${s(d.kind)}`, s(d.kind))}: ${s(d.text)}`;
    case 'call.logged':
      return `${t(`channel.${s(d.channel)}`, s(d.channel))} · ${t(`outcome.${s(d.outcome)}`, s(d.outcome))}`;
    case 'case.opened':
      return `${s(d.reference)} · ${t(`category.${s(d.category)}`, s(d.category))} · ${t(`risk.${s(d.riskLevel)}`, s(d.riskLevel))}`;
    case 'case.updated':
      return Array.isArray(d.fields) ? d.fields.join(', ') : '';
    case 'sla.reminder':
    case 'sla.reminder_sms_released':
    case 'sla.warning':
    case 'sla.breached':
    case 'sla.escalated': {
      const parts = [t(`deadlineKind.${s(d.kind)}`, s(d.kind)), d.dueAt ? `${t('case.due')}: ${formatDateTime(s(d.dueAt))}` : ''];
      if (typeof d.fraction === 'number') parts.push(`${Math.round(d.fraction * 100)}%`);
      if (e.type === 'sla.escalated') parts.push(`${t('case.escalated', { level: d.level })} → ${t(`escalationAction.${s(d.action)}`, s(d.action))}`);
      return parts.filter(Boolean).join(' · ');
    }
    case 'routing.unroutable':
      return [t('routing.round', { n: d.round }), d.cause ? t(`cause.${s(d.cause)}`, s(d.cause)) : ''].filter(Boolean).join(' · ');
    default: {
      if (e.type.startsWith('referral.')) {
        const cause = d.cause ? t(`cause.${s(d.cause)}`, s(d.cause)) : '';
        return [s(d.partnerName), d.via ? `${t('case.via')}: ${s(d.via)}` : '', cause, s(d.reason), s(d.note)].filter(Boolean).join(' · ');
      }
      const text = Object.entries(d)
        .filter(([k]) => !/id$/i.test(k))
        .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(' · ');
      return text;
    }
  }
}

export function TimelineCard({ events }: { events: TTimelineEvent[] }) {
  const { t } = useTranslation();
  const sorted = [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <Card title={t('case.timeline')} size="small" style={{ marginTop: 16 }} data-testid="case-timeline">
      {sorted.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          items={sorted.map((e) => ({
            key: e.id,
            color: e.type.startsWith('sla.') ? 'red' : e.type === 'case.note_added' ? 'green' : 'blue',
            content: (
              <div data-testid="timeline-event" data-type={e.type}>
                <strong>{t(`timeline.${e.type}`, e.type)}</strong> <span className="muted">· {formatDateTime(e.at)}</span>
                <div className="muted">{e.actor.kind === 'system' ? t('system') : (e.actor.name ?? t(`roles.${e.actor.role ?? 'counsellor'}`))}</div>
                <div style={{ whiteSpace: 'pre-wrap' }}>{describeEvent(e, t as never)}</div>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
