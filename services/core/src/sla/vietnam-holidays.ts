/**
 * Vietnamese public holidays 2025–2030 as days off in Vietnam, for the
 * business calendar.
 *
 * The law (Labour Code 2019, art. 112): 1 January; Tết (lunar new year) 5
 * days, the exact days set each year by the Prime Minister; Hùng Kings'
 * Commemoration (10th day of the 3rd lunar month); 30 April; 1 May; 2
 * September and one adjacent day (1 or 3 September, set each year). A holiday
 * on a weekly rest day is made up on the next working day. For state bodies
 * the government also swaps working days to join holidays to weekends (a
 * Saturday is then worked: see VIETNAM_EXTRA_WORKING_DAYS).
 *
 * `provisional: false` — the break the government announced, whole (weekends
 * included). `provisional: true` — not announced when this file was written
 * (November 2026): the statutory days only, computed by the rule below, with
 * made-up days for those on a weekend. Replace them with the official ranges
 * when the Ministry of Home Affairs publishes each year's schedule (usually
 * October–December of the year before); the admin can also edit the stored
 * calendar.
 *
 * Provisional rule for Tết: the last day of the old lunar year and days 1–4
 * of the new year (inside the 1–3 days before / 2–4 days after that the
 * ministry allows employers), weekend days made up after the break.
 *
 * Lunar dates (first day of Tết; 10/3 lunar for Hùng Kings) were computed for
 * UTC+7 with Hồ Ngọc Đức's astronomical algorithm and match the published
 * calendars for 2025 and 2026. Note Tết 2030 is 2 February in Vietnam
 * (3 February in China: the new moon falls at 23:07 Vietnam time).
 *
 * Not included: Vietnam Culture Day, 24 November. The Politburo (Resolution
 * 80-NQ/TW, January 2026) and the government (Resolution 30/NQ-CP) intend it
 * to become a paid holiday, but that needs an amendment of art. 112 of the
 * Labour Code; add it when the amendment takes effect.
 */
import type { TLocalDate } from './vietnam-time';

export interface VietnamHoliday {
  from: TLocalDate;
  to: TLocalDate;
  name: string;
  nameVi: string;
  provisional: boolean;
  source: string;
}

const LAW = 'Bộ luật Lao động 2019, Điều 112';
const PROVISIONAL = `${LAW}; dự kiến theo quy tắc, chưa có thông báo chính thức`;

const h = (from: TLocalDate, to: TLocalDate, name: string, nameVi: string, source: string, provisional = false): VietnamHoliday => ({
  from, to, name, nameVi, provisional, source,
});

export const VIETNAM_PUBLIC_HOLIDAYS: readonly VietnamHoliday[] = [
  // 2025: Văn bản 8726/VPCP-KGVX (26/11/2024) approving the labour ministry's proposal (22 days off in the year).
  h('2025-01-01', '2025-01-01', "New Year's Day", 'Tết Dương lịch', `${LAW}; 8726/VPCP-KGVX`),
  h('2025-01-25', '2025-02-02', 'Tết (Lunar New Year) Ất Tỵ', 'Tết Nguyên đán Ất Tỵ', '8726/VPCP-KGVX ngày 26/11/2024: 26 tháng Chạp Giáp Thìn – mùng 5 tháng Giêng Ất Tỵ'),
  h('2025-04-05', '2025-04-07', "Hùng Kings' Commemoration (Mon 7 Apr)", 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', LAW),
  h('2025-04-30', '2025-05-04', 'Reunification Day and Labour Day (Fri 2 May swapped with Sat 26 Apr)', 'Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5', '8726/VPCP-KGVX; hoán đổi thứ Sáu 02/5 với thứ Bảy 26/4/2025'),
  h('2025-08-30', '2025-09-02', 'National Day (2 Sep and Mon 1 Sep)', 'Quốc khánh 2/9', LAW),

  // 2026
  h('2026-01-01', '2026-01-04', "New Year's Day (Fri 2 Jan swapped with Sat 10 Jan)", 'Tết Dương lịch', '12729/VPCP-KGVX ngày 25/12/2025; hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01/2026'),
  h('2026-02-14', '2026-02-22', 'Tết (Lunar New Year) Bính Ngọ', 'Tết Nguyên đán Bính Ngọ', 'Bộ Nội vụ, phương án được Thủ tướng đồng ý (10/2025): 27 tháng Chạp Ất Tỵ – mùng 6 tháng Giêng Bính Ngọ'),
  h('2026-04-25', '2026-04-27', "Hùng Kings' Commemoration (Sun 26 Apr, made up Mon 27 Apr)", 'Giỗ Tổ Hùng Vương (10/3 âm lịch), nghỉ bù thứ Hai 27/4', LAW),
  h('2026-04-30', '2026-05-03', 'Reunification Day and Labour Day', 'Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5', LAW),
  h('2026-08-29', '2026-09-02', 'National Day (1 and 2 Sep; Mon 31 Aug swapped with Sat 22 Aug)', 'Quốc khánh 2/9', 'Bộ Nội vụ, lịch nghỉ năm 2026 (10/2025); hoán đổi thứ Hai 31/8 với thứ Bảy 22/8/2026'),

  // 2027 (provisional)
  h('2027-01-01', '2027-01-01', "New Year's Day", 'Tết Dương lịch', LAW, true),
  h('2027-02-05', '2027-02-11', 'Tết Đinh Mùi (5–9 Feb; 6–7 Feb made up on 10–11 Feb)', 'Tết Nguyên đán Đinh Mùi', PROVISIONAL, true),
  h('2027-04-16', '2027-04-16', "Hùng Kings' Commemoration", 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', LAW, true),
  h('2027-04-30', '2027-05-03', 'Reunification Day and Labour Day (Sat 1 May made up on Mon 3 May)', 'Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5', LAW, true),
  h('2027-09-02', '2027-09-03', 'National Day (2 Sep and Fri 3 Sep)', 'Quốc khánh 2/9', PROVISIONAL, true),

  // 2028 (provisional)
  h('2028-01-01', '2028-01-03', "New Year's Day (Sat, made up on Mon 3 Jan)", 'Tết Dương lịch', LAW, true),
  h('2028-01-25', '2028-01-31', 'Tết Mậu Thân (25–29 Jan; Sat 29 Jan made up on Mon 31 Jan)', 'Tết Nguyên đán Mậu Thân', PROVISIONAL, true),
  h('2028-04-04', '2028-04-04', "Hùng Kings' Commemoration", 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', LAW, true),
  h('2028-04-30', '2028-05-02', 'Reunification Day and Labour Day (Sun 30 Apr made up on Tue 2 May)', 'Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5', LAW, true),
  h('2028-09-01', '2028-09-04', 'National Day (Fri 1 Sep and Sat 2 Sep, made up on Mon 4 Sep)', 'Quốc khánh 2/9', PROVISIONAL, true),

  // 2029 (provisional)
  h('2029-01-01', '2029-01-01', "New Year's Day", 'Tết Dương lịch', LAW, true),
  h('2029-02-12', '2029-02-16', 'Tết Kỷ Dậu', 'Tết Nguyên đán Kỷ Dậu', PROVISIONAL, true),
  h('2029-04-23', '2029-04-23', "Hùng Kings' Commemoration", 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', LAW, true),
  h('2029-04-30', '2029-05-01', 'Reunification Day and Labour Day', 'Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5', LAW, true),
  h('2029-09-02', '2029-09-04', 'National Day (Sun 2 Sep made up on Tue 4 Sep; Mon 3 Sep)', 'Quốc khánh 2/9', PROVISIONAL, true),

  // 2030 (provisional)
  h('2030-01-01', '2030-01-01', "New Year's Day", 'Tết Dương lịch', LAW, true),
  h('2030-02-01', '2030-02-07', 'Tết Canh Tuất (1–5 Feb; 2–3 Feb made up on 6–7 Feb)', 'Tết Nguyên đán Canh Tuất', PROVISIONAL, true),
  h('2030-04-12', '2030-04-12', "Hùng Kings' Commemoration", 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', LAW, true),
  h('2030-04-30', '2030-05-01', 'Reunification Day and Labour Day', 'Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5', LAW, true),
  h('2030-09-02', '2030-09-03', 'National Day (2 Sep and Tue 3 Sep)', 'Quốc khánh 2/9', PROVISIONAL, true),
];

/** Saturdays worked in exchange for a weekday joined to a holiday (state bodies). */
export const VIETNAM_EXTRA_WORKING_DAYS: readonly { date: TLocalDate; name: string; source: string }[] = [
  { date: '2025-04-26', name: 'Làm bù cho thứ Sáu 02/5/2025', source: '8726/VPCP-KGVX' },
  { date: '2026-01-10', name: 'Làm bù cho thứ Sáu 02/01/2026', source: '12729/VPCP-KGVX' },
  { date: '2026-08-22', name: 'Làm bù cho thứ Hai 31/8/2026', source: 'Bộ Nội vụ, lịch nghỉ năm 2026' },
];
