/**
 * Facility figures for the reports' targets (residents cared for per
 * facility × group) come from the residents module. Until it exports
 * `residentFiguresForReport(scope, { from, to })` from @hotline/db, these
 * figures are zero; once it does, they are read through it unchanged.
 */
import * as db from '../index';

export interface FacilityCaredFor { facilityId: string; group: string; count: number }
export interface ResidentFigureScope { provinces: string[] | null }

type ResidentFigures = (scope: ResidentFigureScope, period: { from: Date; to: Date }) => Promise<{ caredFor?: FacilityCaredFor[] } | null | undefined>;

/** Residents cared for per facility × group in the period (zeros while the residents module has no figures). */
export async function facilityCaredFor(scope: ResidentFigureScope, period: { from: Date; to: Date }): Promise<FacilityCaredFor[]> {
  const figures = (db as unknown as Record<string, unknown>).residentFiguresForReport as ResidentFigures | undefined;
  if (typeof figures !== 'function') return [];
  const answer = await figures(scope, period);
  return (answer?.caredFor ?? []).map((r) => ({ facilityId: String(r.facilityId), group: String(r.group), count: Number(r.count) || 0 }));
}
