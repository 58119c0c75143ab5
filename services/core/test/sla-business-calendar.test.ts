import { expect } from 'chai';
import { HOTLINE_TIME_ZONE } from '../src/case-reference';
import {
  DEFAULT_BUSINESS_CALENDAR, VIETNAM_EXTRA_WORKING_DAYS, VIETNAM_PUBLIC_HOLIDAYS, ZBusinessCalendar, addBusinessMinutes, addClockMinutes,
  businessMinutesBetween, holidayCoverageYear, holidayOn, isBusinessTime, isWorkingDay, nextBusinessInstant, vietnamWallClock,
  type TBusinessCalendar,
} from '../src/sla/index';

/** A Vietnam wall-clock time, written independently of the code under test. */
const vn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
const cal = DEFAULT_BUSINESS_CALENDAR;
const noHolidays: TBusinessCalendar = ZBusinessCalendar.parse({ holidays: [], extraWorkingDays: [] });

describe('SLA business calendar: adding business minutes (Mon–Fri 07:30–11:30, 13:00–17:00 Vietnam time)', () => {
  const cases: [string, string, number, string][] = [
    ['inside a morning window', '2026-03-02 08:00', 60, '2026-03-02 09:00'],
    ['skips lunch', '2026-03-02 11:00', 60, '2026-03-02 13:30'],
    ['received at lunch counts from 13:00', '2026-03-02 12:00', 30, '2026-03-02 13:30'],
    ['skips the night', '2026-03-02 16:30', 60, '2026-03-03 08:00'],
    ['received at night counts from 07:30', '2026-03-02 22:00', 1, '2026-03-03 07:31'],
    ['skips the weekend (Friday afternoon to Monday)', '2026-03-06 16:00', 120, '2026-03-09 08:30'],
    ['received on Saturday counts from Monday', '2026-03-07 10:00', 30, '2026-03-09 08:00'],
    ['a deadline at the end of a window stays there', '2026-03-02 07:30', 240, '2026-03-02 11:30'],
    ['a full working day is 480 minutes', '2026-03-02 07:30', 480, '2026-03-02 17:00'],
    ['Vietnam day, not UTC day (06:30 Monday in Vietnam is Sunday in UTC)', '2026-03-02 06:30', 30, '2026-03-02 08:00'],
    ['skips Tết: Friday before Tết 2026, 3 working days', '2026-02-13 10:00', 1440, '2026-02-25 10:00'],
    ['skips New Year 2026 (1–4 Jan)', '2025-12-31 16:00', 120, '2026-01-05 08:30'],
    ["skips Hùng Kings' day made up on Monday 27 Apr 2026", '2026-04-24 16:00', 120, '2026-04-28 08:30'],
    ['skips the National Day break 29 Aug – 2 Sep 2026', '2026-08-28 16:00', 120, '2026-09-03 08:30'],
    ['works the swapped Saturday 10 Jan 2026', '2026-01-09 16:30', 60, '2026-01-10 08:00'],
    ['zero minutes is the start itself, even on a Sunday night', '2026-03-08 23:00', 0, '2026-03-08 23:00'],
  ];
  for (const [name, start, minutes, expected] of cases) {
    it(`${name}: ${start} + ${minutes} min → ${expected}`, () => {
      expect(addBusinessMinutes(vn(start), minutes, cal).toISOString()).to.equal(vn(expected).toISOString());
    });
  }

  it('without the holiday calendar the Tết case would be due on Wednesday 18 Feb (the calendar matters)', () => {
    expect(addBusinessMinutes(vn('2026-02-13 10:00'), 1440, noHolidays).toISOString()).to.equal(vn('2026-02-18 10:00').toISOString());
  });

  it('around the clock is plain addition, through nights, weekends and Tết', () => {
    for (const clock of ['around_the_clock'] as const) {
      expect(addClockMinutes(vn('2026-02-13 10:00'), 1440, clock, cal).toISOString()).to.equal(vn('2026-02-14 10:00').toISOString());
      expect(addClockMinutes(vn('2026-02-16 23:50'), 15, clock, cal).toISOString()).to.equal(vn('2026-02-17 00:05').toISOString());
    }
    expect(addClockMinutes(vn('2026-02-13 10:00'), 1440, 'business_hours', cal).toISOString()).to.equal(vn('2026-02-25 10:00').toISOString());
  });

  it('refuses negative or non-finite minutes and invalid dates', () => {
    expect(() => addBusinessMinutes(vn('2026-03-02 08:00'), -1, cal)).to.throw(RangeError);
    expect(() => addBusinessMinutes(vn('2026-03-02 08:00'), Number.NaN, cal)).to.throw(RangeError);
    expect(() => addBusinessMinutes(new Date('nope'), 5, cal)).to.throw(RangeError);
  });

  it('fails loudly, not forever, on a calendar with no working time', () => {
    const never = ZBusinessCalendar.parse({ workingDays: [0], holidays: [], extraWorkingDays: [] });
    const allSundaysOff = { ...never, workingDays: [] as number[] };
    expect(() => addBusinessMinutes(vn('2026-03-02 08:00'), 5, allSundaysOff)).to.throw(/no working time/);
  });
});

describe('SLA business calendar: business minutes between two instants', () => {
  const cases: [string, string, string, number][] = [
    ['Friday 16:00 to Monday 08:30', '2026-03-06 16:00', '2026-03-09 08:30', 120],
    ['a whole day, early to late', '2026-03-02 06:00', '2026-03-02 20:00', 480],
    ['lunch does not count', '2026-03-02 11:00', '2026-03-02 13:30', 60],
    ['a week of Tết counts only the Friday before it', '2026-02-13 07:30', '2026-02-23 07:30', 480],
    ['a weekend counts nothing', '2026-03-07 00:00', '2026-03-09 00:00', 0],
  ];
  for (const [name, a, b, expected] of cases) {
    it(`${name}: ${expected} min`, () => {
      expect(businessMinutesBetween(vn(a), vn(b), cal)).to.equal(expected);
    });
  }
  it('is negative when the second instant is earlier', () => {
    expect(businessMinutesBetween(vn('2026-03-09 08:30'), vn('2026-03-06 16:00'), cal)).to.equal(-120);
  });
  it('undoes addBusinessMinutes for many starts and durations (across Tết, holidays and weekends)', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const base = vn('2025-12-20 00:00').getTime();
    for (let i = 0; i < 300; i++) {
      const start = new Date(base + Math.floor(rand() * 200 * 24 * 60) * 60_000);
      const minutes = Math.floor(rand() * 6000);
      const end = addBusinessMinutes(start, minutes, cal);
      expect(businessMinutesBetween(start, end, cal), `${start.toISOString()} + ${minutes}`).to.equal(minutes);
    }
  });
  it('knows working days, business time and the next opening', () => {
    expect(isWorkingDay('2026-02-18', cal)).to.equal(false); // Tết
    expect(isWorkingDay('2026-01-10', cal)).to.equal(true); // swapped Saturday
    expect(isWorkingDay('2026-03-07', cal)).to.equal(false); // Saturday
    expect(isBusinessTime(vn('2026-03-02 11:30'), cal)).to.equal(false);
    expect(isBusinessTime(vn('2026-03-02 13:00'), cal)).to.equal(true);
    expect(nextBusinessInstant(vn('2026-02-14 09:00'), cal).toISOString()).to.equal(vn('2026-02-23 07:30').toISOString());
    expect(holidayOn('2026-02-17', cal)?.nameVi).to.equal('Tết Nguyên đán Bính Ngọ');
  });
});

describe('SLA business calendar: Vietnam time', () => {
  it('the fixed UTC+7 offset agrees with Intl Asia/Ho_Chi_Minh from 2025 to 2031', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: HOTLINE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    for (let t = Date.UTC(2025, 0, 1, 16, 59); t < Date.UTC(2031, 0, 1); t += 7 * 24 * 3600_000 + 37 * 60_000) {
      const parts = Object.fromEntries(fmt.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
      const wall = vietnamWallClock(new Date(t));
      expect(wall.date).to.equal(`${parts.year}-${parts.month}-${parts.day}`);
      expect(Math.floor(wall.minuteOfDay)).to.equal(Number(parts.hour) * 60 + Number(parts.minute));
    }
  });
});

describe('SLA business calendar: Vietnamese public holidays 2025–2030', () => {
  const weekdayOf = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
  const datesOf = (from: string, to: string) => {
    const out: string[] = [];
    for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
    return out;
  };
  for (const year of [2025, 2026, 2027, 2028, 2029, 2030]) {
    it(`${year}: holidays take exactly the 11 statutory working days (net of swapped Saturdays)`, () => {
      const off = new Set(VIETNAM_PUBLIC_HOLIDAYS.flatMap((h) => datesOf(h.from, h.to)).filter((d) => d.startsWith(`${year}-`)));
      const weekdaysOff = [...off].filter((d) => weekdayOf(d) >= 1 && weekdayOf(d) <= 5).length;
      const swapped = VIETNAM_EXTRA_WORKING_DAYS.filter((d) => d.date.startsWith(`${year}-`)).length;
      expect(weekdaysOff - swapped).to.equal(11);
      for (const fixed of ['01-01', '04-30', '05-01', '09-02']) expect(off.has(`${year}-${fixed}`), `${year}-${fixed}`).to.equal(true);
      expect(off.has(`${year}-09-01`) || off.has(`${year}-09-03`), 'day adjacent to 2/9').to.equal(true);
    });
  }
  const lunar: [number, string, string][] = [
    // first day of Tết, Hùng Kings' day (10/3 lunar), Vietnam (UTC+7)
    [2025, '2025-01-29', '2025-04-07'],
    [2026, '2026-02-17', '2026-04-26'],
    [2027, '2027-02-06', '2027-04-16'],
    [2028, '2028-01-26', '2028-04-04'],
    [2029, '2029-02-13', '2029-04-23'],
    [2030, '2030-02-02', '2030-04-12'],
  ];
  for (const [year, tet, hung] of lunar) {
    it(`${year}: Tết (${tet}) and the day before it, and Hùng Kings' day (${hung}), are holidays`, () => {
      const prev = new Date(Date.parse(tet) - 86_400_000).toISOString().slice(0, 10);
      for (const d of [prev, tet, hung]) expect(holidayOn(d, cal), d).to.not.equal(null);
    });
  }
  it('ships the official Tết 2026 break, 14–22 Feb, and marks unannounced years provisional', () => {
    const tet2026 = VIETNAM_PUBLIC_HOLIDAYS.find((h) => h.from === '2026-02-14');
    expect(tet2026).to.include({ to: '2026-02-22', provisional: false });
    expect(VIETNAM_PUBLIC_HOLIDAYS.filter((h) => h.from < '2027').every((h) => !h.provisional)).to.equal(true);
    expect(VIETNAM_PUBLIC_HOLIDAYS.filter((h) => h.from >= '2027').every((h) => h.provisional)).to.equal(true);
    expect(holidayCoverageYear(cal)).to.equal(2030);
  });
  it('ranges do not overlap and swapped days are Saturdays outside holidays', () => {
    const sorted = [...VIETNAM_PUBLIC_HOLIDAYS].sort((a, b) => a.from.localeCompare(b.from));
    sorted.forEach((h, i) => {
      expect(h.to >= h.from).to.equal(true);
      if (i > 0) expect(h.from > sorted[i - 1]!.to, h.name).to.equal(true);
    });
    for (const d of VIETNAM_EXTRA_WORKING_DAYS) {
      expect(weekdayOf(d.date)).to.equal(6);
      expect(holidayOn(d.date, cal)).to.equal(null);
    }
  });
  it('the calendar survives a JSON round trip (as stored) and refuses bad edits with their path', () => {
    expect(ZBusinessCalendar.parse(JSON.parse(JSON.stringify(cal)))).to.deep.equal(cal);
    const bad = ZBusinessCalendar.safeParse({
      windows: [{ from: '13:00', to: '12:00' }],
      holidays: [{ from: '2027-02-10', to: '2027-02-01', name: 'x' }],
      extraWorkingDays: [{ date: '2026-02-14', name: 'Tết Saturday' }],
    });
    expect(bad.success).to.equal(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).to.include.members(['windows.0.to', 'holidays.0.to']);
    // default holidays are replaced here, so the Tết Saturday is no longer inside a holiday
    const clash = ZBusinessCalendar.safeParse({ extraWorkingDays: [{ date: '2026-02-14', name: 'Tết Saturday' }] });
    expect(clash.error!.issues.map((i) => i.path.join('.'))).to.deep.equal(['extraWorkingDays.0.date']);
  });
});
