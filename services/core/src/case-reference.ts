/** Human case references: `HN-2026-000123` (province prefix, year in Vietnam, sequence). */
import { provinceByCode } from './provinces';

export const HOTLINE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function yearInVietnam(at: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: HOTLINE_TIME_ZONE, year: 'numeric' }).format(at));
}

/** The counter a reference is drawn from: one sequence per province and year, never reused. */
export function referenceCounterKey(provinceCode: string, year: number): string {
  return `case-ref-${provinceCode}-${year}`;
}

export function formatCaseReference(provinceCode: string, year: number, sequence: number): string {
  const province = provinceByCode(provinceCode);
  if (!province) throw new Error(`Unknown province ${provinceCode}`);
  return `${province.referencePrefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

export const CASE_REFERENCE_PATTERN = /^[A-Z]{2,3}-\d{4}-\d{6,}$/;
