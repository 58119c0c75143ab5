import { useTranslation } from 'react-i18next';
import { Card, Space, Tag, Tooltip } from 'antd';
import { CATEGORY_CODES, type TCategory } from '@hotline/core';
import { useRecentCases } from '../../api/cases';
import { QueryError } from '../../components/query-state';
import { weekStart } from '../../lib/time';

const CHART_COLORS = ['#1d5f7a', '#d4380d', '#7cb305', '#531dab', '#d48806', '#08979c', '#c41d7f', '#2f54eb', '#8c8c8c', '#fa8c16'];
const WEEKS = 8;

/** New cases per week by category, counted from the newest case pages (up to 500 cases). */
export function WeeklyChart() {
  const { t } = useTranslation();
  const data = useRecentCases(WEEKS);
  if (data.isPending) return <Card title={t('dashboard.weekly')} loading />;
  if (data.isError) return <QueryError error={data.error} />;

  const weeks: string[] = [];
  const thisWeek = weekStart(new Date().toISOString());
  for (let i = WEEKS - 1; i >= 0; i--) weeks.push(weekStart(new Date(Date.parse(thisWeek + 'T12:00:00+07:00') - i * 7 * 86_400_000).toISOString()));
  const counts = new Map<string, Map<TCategory, number>>();
  for (const c of data.data) {
    const w = weekStart(c.createdAt);
    const m = counts.get(w) ?? new Map<TCategory, number>();
    m.set(c.category, (m.get(c.category) ?? 0) + 1);
    counts.set(w, m);
  }
  const used = CATEGORY_CODES.filter((cat) => data.data.some((c) => c.category === cat));
  const highest = Math.max(1, ...weeks.map((w) => [...(counts.get(w)?.values() ?? [])].reduce((a, b) => a + b, 0)));
  const step = Math.max(1, Math.ceil(highest / 4));
  const max = step * 4;
  const W = 560;
  const H = 220;
  const pad = { l: 32, b: 28, t: 10 };
  const bw = (W - pad.l) / weeks.length;

  return (
    <Card title={t('dashboard.weekly')} extra={<span className="muted">{t('dashboard.weeklyNote', { count: data.data.length })}</span>} data-testid="weekly-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('dashboard.weekly')} style={{ maxHeight: 260 }}>
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <g key={f}>
            <line x1={pad.l} x2={W} y1={pad.t + (H - pad.t - pad.b) * (1 - f)} y2={pad.t + (H - pad.t - pad.b) * (1 - f)} stroke="#eee" />
            <text x={pad.l - 6} y={pad.t + (H - pad.t - pad.b) * (1 - f) + 4} fontSize="10" textAnchor="end" fill="#888">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {weeks.map((w, i) => {
          let y = H - pad.b;
          const m = counts.get(w);
          const total = [...(m?.values() ?? [])].reduce((a, b) => a + b, 0);
          return (
            <g key={w}>
              {used.map((cat) => {
                const n = m?.get(cat) ?? 0;
                if (!n) return null;
                const h = ((H - pad.t - pad.b) * n) / max;
                y -= h;
                return (
                  <rect key={cat} x={pad.l + i * bw + bw * 0.15} y={y} width={bw * 0.7} height={h} fill={CHART_COLORS[CATEGORY_CODES.indexOf(cat) % CHART_COLORS.length]}>
                    <title>{`${t(`category.${cat}`)}: ${n}`}</title>
                  </rect>
                );
              })}
              {total ? (
                <text x={pad.l + i * bw + bw / 2} y={y - 3} fontSize="10" textAnchor="middle" fill="#333">
                  {total}
                </text>
              ) : null}
              <text x={pad.l + i * bw + bw / 2} y={H - 10} fontSize="10" textAnchor="middle" fill="#666">
                {w.slice(8, 10)}/{w.slice(5, 7)}
              </text>
            </g>
          );
        })}
      </svg>
      <Space wrap size={4}>
        {used.map((cat) => (
          <Tooltip key={cat} title={t(`category.${cat}`)}>
            <Tag color={CHART_COLORS[CATEGORY_CODES.indexOf(cat) % CHART_COLORS.length]}>{t(`category.${cat}`)}</Tag>
          </Tooltip>
        ))}
      </Space>
    </Card>
  );
}
