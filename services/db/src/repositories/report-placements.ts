/**
 * Placements for the managers' report: residents per facility × group
 * admitted, discharged by reason and reunified within the period, cared for
 * in it and present now, with totals per group and overall. Read from the
 * residents module (a province's residents by equality), not from rollups:
 * residents are few next to calls and cases.
 */
import { DISCHARGE_REASONS, reportDayStart, type TPersonGroup, type TReportSummary } from '@hotline/core';
import { residentFiguresForReport } from './residents';

type Placements = TReportSummary['placements'];
type Discharged = Placements['discharged'];

const noDischarges = (): Discharged => Object.fromEntries(DISCHARGE_REASONS.map((r) => [r, 0])) as Discharged;
const sumDischarged = (d: Discharged) => DISCHARGE_REASONS.reduce((a, r) => a + d[r], 0);

/** The placements of `provinces` over the Vietnamese days from..to, limited to the resident groups asked for (none: all). */
export async function placementFigures(provinces: readonly string[], q: { from: string; to: string; group?: readonly TPersonGroup[] }): Promise<Placements> {
  const period = { from: reportDayStart(q.from), to: new Date(reportDayStart(q.to).getTime() + 86_400_000) };
  const wanted = q.group && q.group.length > 0 ? new Set<string>(q.group) : null;
  const rows = (await residentFiguresForReport(provinces, period))
    .filter((r) => !wanted || wanted.has(r.group))
    .map((r) => ({ ...r, group: r.group as TPersonGroup, discharged: { ...noDischarges(), ...r.discharged } }));
  const totals: Placements = { rows, byGroup: [], admitted: 0, discharged: noDischarges(), reunified: 0, caredFor: 0, current: 0 };
  const byGroup = new Map<TPersonGroup, Placements['byGroup'][number]>();
  for (const r of rows) {
    const g = byGroup.get(r.group) ?? { group: r.group, admitted: 0, discharged: 0, reunified: 0, caredFor: 0, current: 0 };
    g.admitted += r.admitted; g.discharged += sumDischarged(r.discharged); g.reunified += r.reunified; g.caredFor += r.caredFor; g.current += r.current;
    byGroup.set(r.group, g);
    totals.admitted += r.admitted; totals.reunified += r.reunified; totals.caredFor += r.caredFor; totals.current += r.current;
    for (const reason of DISCHARGE_REASONS) totals.discharged[reason] += r.discharged[reason];
  }
  totals.byGroup = [...byGroup.values()].sort((a, b) => b.caredFor - a.caredFor || a.group.localeCompare(b.group));
  return totals;
}
