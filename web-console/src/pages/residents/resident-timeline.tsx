/** The resident's timeline: admission, care notes, tracing steps, reunification, visits, discharge. */
import { useTranslation } from 'react-i18next';
import { Card, Empty, Timeline } from 'antd';
import type { TResidentEventView } from '@hotline/core';
import { formatDateTime } from '../../lib/time';

function detail(e: TResidentEventView, t: (k: string, o?: Record<string, unknown>) => string): string {
  const d = e.data as Record<string, string | number | undefined>;
  if (e.type === 'tracing') return t(`residents.tracing.${d.step}`);
  if (e.type === 'discharged') return t(`residents.reason.${d.reason ?? 'other'}`);
  if (e.type === 'visit_done') return t('residents.visitMonth', { n: d.month });
  if (e.type === 'admitted') return d.bed ? `${t('residents.bed')}: ${d.bed}` : '';
  return '';
}

export function ResidentTimeline({ events }: { events: TResidentEventView[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('residents.timeline')} data-testid="resident-timeline">
      {events.length === 0 ? (
        <Empty />
      ) : (
        <Timeline
          items={events.map((e) => {
            const d = e.data as { text?: string; note?: string };
            return {
              key: e.id,
              children: (
                <div data-event-type={e.type}>
                  <strong>{t(`residents.event.${e.type}`)}</strong> {detail(e, t)}
                  <div className="muted">
                    {formatDateTime(e.at)}
                    {e.actorName ? ` · ${e.actorName}` : ''}
                  </div>
                  {d.text || d.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{d.text ?? d.note}</div> : null}
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}
