/**
 * Business hours in Vietnam and the holiday calendar, and time arithmetic on
 * them. A business-hours clock only runs on working days, inside the working
 * windows (default Mon–Fri 07:30–11:30 and 13:00–17:00: lunch, nights,
 * weekends and holidays do not count). An around-the-clock clock is plain
 * elapsed time. Inputs and outputs are UTC `Date`s; days and times of day are
 * read in Vietnam (see vietnam-time.ts).
 */
import { z } from 'zod';
import type { TSlaClock } from './policy-schema';
import { VIETNAM_EXTRA_WORKING_DAYS, VIETNAM_PUBLIC_HOLIDAYS } from './vietnam-holidays';
import {
  DAY_MS, MINUTE_MS, ZLocalDate, ZTimeOfDay, addLocalDays, assertValidDate, timeOfDayToMinutes, vietnamWallClock,
  type TLocalDate,
} from './vietnam-time';

export const ZHoliday = z
  .object({
    from: ZLocalDate,
    /** Inclusive. */
    to: ZLocalDate,
    name: z.string().trim().min(1).max(200),
    nameVi: z.string().trim().max(200).optional(),
    /** Computed by rule, not yet announced by the government. */
    provisional: z.boolean().default(false),
    source: z.string().trim().max(500).default(''),
  })
  .strict()
  .superRefine((h, ctx) => {
    if (h.to < h.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be on or after from (${h.from})` });
    else if (Date.parse(h.to) - Date.parse(h.from) > 31 * DAY_MS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'a holiday lasts at most 32 days' });
  });
export type THoliday = z.infer<typeof ZHoliday>;

export const ZExtraWorkingDay = z
  .object({ date: ZLocalDate, name: z.string().trim().min(1).max(200), source: z.string().trim().max(500).default('') })
  .strict();
export type TExtraWorkingDay = z.infer<typeof ZExtraWorkingDay>;

export const ZBusinessWindow = z
  .object({ from: ZTimeOfDay, to: ZTimeOfDay })
  .strict()
  .superRefine((w, ctx) => {
    if (timeOfDayToMinutes(w.to) <= timeOfDayToMinutes(w.from)) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be after from (${w.from})` });
  });
export type TBusinessWindow = z.infer<typeof ZBusinessWindow>;

export const DEFAULT_BUSINESS_WINDOWS: readonly TBusinessWindow[] = [
  { from: '07:30', to: '11:30' },
  { from: '13:00', to: '17:00' },
];

export const ZBusinessCalendar = z
  .object({
    /** Weekdays worked, 0 = Sunday … 6 = Saturday. Default Monday–Friday. */
    workingDays: z
      .array(z.number().int().min(0).max(6))
      .min(1, 'needs at least one working day')
      .default([1, 2, 3, 4, 5])
      .superRefine((days, ctx) => days.forEach((d, i) => days.indexOf(d) !== i && ctx.addIssue({ code: 'custom', path: [i], message: `day ${d} is listed twice` }))),
    /** Working windows of each working day, Vietnam time, in order. */
    windows: z
      .array(ZBusinessWindow)
      .min(1, 'needs at least one working window')
      .max(6)
      .default(() => DEFAULT_BUSINESS_WINDOWS.map((w) => ({ ...w })))
      .superRefine((ws, ctx) =>
        ws.forEach((w, i) => {
          const prev = ws[i - 1];
          if (prev && timeOfDayToMinutes(w.from) < timeOfDayToMinutes(prev.to)) {
            ctx.addIssue({ code: 'custom', path: [i, 'from'], message: `must not be before the end of the previous window (${prev.to})` });
          }
        }),
      ),
    holidays: z
      .array(ZHoliday)
      .max(500)
      .default(() => VIETNAM_PUBLIC_HOLIDAYS.map((h) => ({ ...h }))),
    /** Days worked although not in workingDays (a Saturday swapped for a weekday joined to a holiday). */
    extraWorkingDays: z
      .array(ZExtraWorkingDay)
      .max(100)
      .default(() => VIETNAM_EXTRA_WORKING_DAYS.map((d) => ({ ...d }))),
  })
  .strict()
  .superRefine((cal, ctx) => {
    cal.extraWorkingDays.forEach((d, i) => {
      const holiday = cal.holidays.find((h) => h.from <= d.date && d.date <= h.to);
      if (holiday) ctx.addIssue({ code: 'custom', path: ['extraWorkingDays', i, 'date'], message: `falls in the holiday "${holiday.name}" (${holiday.from} – ${holiday.to})` });
    });
  });
export type TBusinessCalendar = z.infer<typeof ZBusinessCalendar>;
export type TBusinessCalendarInput = z.input<typeof ZBusinessCalendar>;

/** Default: Mon–Fri 07:30–11:30 and 13:00–17:00 in Vietnam, Vietnamese public holidays 2025–2030. */
export const DEFAULT_BUSINESS_CALENDAR: TBusinessCalendar = ZBusinessCalendar.parse({});

interface Compiled {
  workingDays: ReadonlySet<number>;
  windows: readonly { from: number; to: number }[];
  offDays: ReadonlyMap<TLocalDate, THoliday>;
  extra: ReadonlySet<TLocalDate>;
}

/** Max days scanned for working time before giving up (a calendar with no working time at all). */
const MAX_SCAN_DAYS = 3 * 366;

function compile(cal: TBusinessCalendar): Compiled {
  const offDays = new Map<TLocalDate, THoliday>();
  for (const h of cal.holidays) {
    for (let d = h.from; d <= h.to; d = addLocalDays(d, 1)) offDays.set(d, h);
  }
  return {
    workingDays: new Set(cal.workingDays),
    windows: cal.windows.map((w) => ({ from: timeOfDayToMinutes(w.from), to: timeOfDayToMinutes(w.to) })),
    offDays,
    extra: new Set(cal.extraWorkingDays.map((d) => d.date)),
  };
}

function isWorking(c: Compiled, date: TLocalDate, weekday: number): boolean {
  if (c.offDays.has(date)) return false;
  return c.workingDays.has(weekday) || c.extra.has(date);
}

/** The holiday a Vietnam date falls in, if any. */
export function holidayOn(date: TLocalDate, calendar: TBusinessCalendar): THoliday | null {
  return compile(calendar).offDays.get(date) ?? null;
}

/** Whether a Vietnam date is a working day (a working weekday or a swapped Saturday, and not a holiday). */
export function isWorkingDay(date: TLocalDate, calendar: TBusinessCalendar): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return isWorking(compile(calendar), date, weekday);
}

/** Whether an instant is inside business hours (window start inclusive, end exclusive). */
export function isBusinessTime(at: Date, calendar: TBusinessCalendar): boolean {
  assertValidDate(at, 'at');
  const c = compile(calendar);
  const w = vietnamWallClock(at);
  return isWorking(c, w.date, w.weekday) && c.windows.some((win) => w.minuteOfDay >= win.from && w.minuteOfDay < win.to);
}

/** Each working window from the day of `fromMs` on, as UTC millisecond ranges, in order. */
function* workingSpans(c: Compiled, fromMs: number): Generator<{ start: number; end: number }> {
  let day = vietnamWallClock(fromMs);
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    if (isWorking(c, day.date, day.weekday)) {
      for (const win of c.windows) yield { start: day.dayStartMs + win.from * MINUTE_MS, end: day.dayStartMs + win.to * MINUTE_MS };
    }
    day = vietnamWallClock(day.dayStartMs + DAY_MS);
  }
  throw new Error(`The business calendar has no working time in ${MAX_SCAN_DAYS} days from ${new Date(fromMs).toISOString()}`);
}

/** The first instant at or after `at` that is inside business hours. */
export function nextBusinessInstant(at: Date, calendar: TBusinessCalendar): Date {
  assertValidDate(at, 'at');
  const t = at.getTime();
  for (const span of workingSpans(compile(calendar), t)) {
    if (span.end > t) return new Date(Math.max(span.start, t));
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

/**
 * `minutes` of business time after `start` (fractions allowed). A start
 * outside business hours counts from the next opening; a result exactly at a
 * window's end stays there (17:00, not the next morning). 0 minutes → `start`.
 */
export function addBusinessMinutes(start: Date, minutes: number, calendar: TBusinessCalendar): Date {
  assertValidDate(start, 'start');
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number ≥ 0, got ${minutes}`);
  let remaining = Math.round(minutes * MINUTE_MS);
  const t = start.getTime();
  if (remaining === 0) return new Date(t);
  for (const span of workingSpans(compile(calendar), t)) {
    const from = Math.max(span.start, t);
    if (from >= span.end) continue;
    const available = span.end - from;
    if (remaining <= available) return new Date(from + remaining);
    remaining -= available;
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

/** Business minutes from `a` to `b` (negative when `b` is before `a`). */
export function businessMinutesBetween(a: Date, b: Date, calendar: TBusinessCalendar): number {
  assertValidDate(a, 'a');
  assertValidDate(b, 'b');
  if (b.getTime() < a.getTime()) return -businessMinutesBetween(b, a, calendar);
  const c = compile(calendar);
  const from = a.getTime();
  const to = b.getTime();
  let ms = 0;
  let day = vietnamWallClock(from);
  while (day.dayStartMs < to) {
    if (isWorking(c, day.date, day.weekday)) {
      for (const win of c.windows) {
        const s = Math.max(day.dayStartMs + win.from * MINUTE_MS, from);
        const e = Math.min(day.dayStartMs + win.to * MINUTE_MS, to);
        if (e > s) ms += e - s;
      }
    }
    day = vietnamWallClock(day.dayStartMs + DAY_MS);
  }
  return ms / MINUTE_MS;
}

/** `minutes` after `start` on a clock: plain addition around the clock, business minutes otherwise. */
export function addClockMinutes(start: Date, minutes: number, clock: TSlaClock, calendar: TBusinessCalendar): Date {
  assertValidDate(start, 'start');
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number ≥ 0, got ${minutes}`);
  return clock === 'around_the_clock' ? new Date(start.getTime() + Math.round(minutes * MINUTE_MS)) : addBusinessMinutes(start, minutes, calendar);
}

/** Minutes from `a` to `b` on a clock. */
export function clockMinutesBetween(a: Date, b: Date, clock: TSlaClock, calendar: TBusinessCalendar): number {
  assertValidDate(a, 'a');
  assertValidDate(b, 'b');
  return clock === 'around_the_clock' ? (b.getTime() - a.getTime()) / MINUTE_MS : businessMinutesBetween(a, b, calendar);
}

/**
 * The last year the calendar lists holidays for, or null. Later years have no
 * holidays (Tết would count as working time): alert the admin before it ends.
 */
export function holidayCoverageYear(calendar: TBusinessCalendar): number | null {
  return calendar.holidays.reduce<number | null>((max, h) => Math.max(max ?? 0, Number(h.to.slice(0, 4))), null);
}
