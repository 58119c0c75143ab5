/**
 * Facility figures for the reports' targets: residents cared for per
 * facility × group in a period, from the residents module.
 */
import { residentFiguresForReport } from './residents';

export interface FacilityCaredFor { facilityId: string; group: string; count: number }
export interface ResidentFigureScope { provinces: string[] | null }

/** Residents cared for (admitted before the period ends and not discharged before it starts) per facility × group. */
export async function facilityCaredFor(scope: ResidentFigureScope, period: { from: Date; to: Date }): Promise<FacilityCaredFor[]> {
  const rows = await residentFiguresForReport(scope.provinces, period);
  return rows.map((r) => ({ facilityId: r.facilityId, group: r.group, count: r.caredFor }));
}
