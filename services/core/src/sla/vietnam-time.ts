/**
 * Vietnam wall-clock arithmetic for the SLA rules. Vietnam keeps UTC+7 all
 * year (no daylight saving since 1975), so the offset is a constant; this is
 * the only place it is written. A test checks it against Intl's
 * `Asia/Ho_Chi_Minh` (HOTLINE_TIME_ZONE) so a change in the time-zone data
 * would be noticed. Times are stored as UTC `Date`s; days, weekdays and
 * times of day are read in Vietnam.
 */
import { z } from 'zod';

export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;
const OFFSET_MS = VIETNAM_UTC_OFFSET_MINUTES * 60_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;
export const MINUTES_PER_DAY = 24 * 60;

/** A calendar date in Vietnam: `2026-02-14`. */
export const ZLocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real calendar date');
export type TLocalDate = z.infer<typeof ZLocalDate>;

/** A time of day in Vietnam, `HH:MM`, 00:00–23:59; `24:00` is accepted where it ends a period. */
export const ZTimeOfDay = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time written HH:MM (00:00–24:00)');
export type TTimeOfDay = z.infer<typeof ZTimeOfDay>;

export const timeOfDayToMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export interface VietnamWallClock {
  /** `YYYY-MM-DD` in Vietnam. */
  date: TLocalDate;
  /** 0 = Sunday … 6 = Saturday, in Vietnam. */
  weekday: number;
  /** Minutes since local midnight, with fractions (seconds and milliseconds). */
  minuteOfDay: number;
  /** The UTC instant of this day's local midnight, in epoch milliseconds. */
  dayStartMs: number;
}

export function assertValidDate(at: Date, name = 'date'): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError(`${name} is not a valid Date`);
}

/** The Vietnam day, weekday and time of day of an instant. */
export function vietnamWallClock(at: Date | number): VietnamWallClock {
  const ms = typeof at === 'number' ? at : at.getTime();
  const local = ms + OFFSET_MS;
  const localDayStart = Math.floor(local / DAY_MS) * DAY_MS;
  const d = new Date(localDayStart);
  return {
    date: d.toISOString().slice(0, 10),
    weekday: d.getUTCDay(),
    minuteOfDay: (local - localDayStart) / MINUTE_MS,
    dayStartMs: localDayStart - OFFSET_MS,
  };
}

/** The UTC instant of local midnight starting a Vietnam date. */
export function vietnamDayStart(date: TLocalDate): number {
  return Date.parse(`${date}T00:00:00Z`) - OFFSET_MS;
}

/** The instant at a Vietnam date and time of day (`HH:MM` or minutes since midnight). */
export function vietnamTime(date: TLocalDate, time: string | number): Date {
  const minutes = typeof time === 'number' ? time : timeOfDayToMinutes(time);
  return new Date(vietnamDayStart(date) + minutes * MINUTE_MS);
}

/** The Vietnam date `days` after `date` (negative for before). */
export function addLocalDays(date: TLocalDate, days: number): TLocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
