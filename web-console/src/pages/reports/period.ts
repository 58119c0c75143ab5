/** The report period: a month, a quarter, a year or a custom range of Vietnamese days. */
import dayjs, { type Dayjs } from 'dayjs';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';

export function periodRange(kind: PeriodKind, anchor: Dayjs, custom: [Dayjs, Dayjs] | null): { from: string; to: string } {
  const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');
  if (kind === 'custom' && custom) return { from: fmt(custom[0]), to: fmt(custom[1]) };
  if (kind === 'year') return { from: `${anchor.year()}-01-01`, to: `${anchor.year()}-12-31` };
  if (kind === 'quarter') {
    const startMonth = Math.floor(anchor.month() / 3) * 3;
    const start = anchor.month(startMonth).startOf('month');
    return { from: fmt(start), to: fmt(start.add(2, 'month').endOf('month')) };
  }
  return { from: fmt(anchor.startOf('month')), to: fmt(anchor.endOf('month')) };
}

export const today = () => dayjs();
