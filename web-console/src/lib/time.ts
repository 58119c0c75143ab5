/** Times are stored in UTC and shown in Vietnam's time zone. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import relativeTime from 'dayjs/plugin/relativeTime';
import { HOTLINE_TIME_ZONE } from '@hotline/core';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);

export const inVietnam = (iso: string | Date) => dayjs(iso).tz(HOTLINE_TIME_ZONE);
export const formatDateTime = (iso: string | Date | null | undefined) => (iso ? inVietnam(iso).format('DD/MM/YYYY HH:mm') : '—');
export const formatTime = (iso: string | Date | null | undefined) => (iso ? inVietnam(iso).format('HH:mm:ss') : '—');
export const fromNow = (iso: string | Date) => dayjs(iso).fromNow();

/** "1 giờ 05 phút" style span for countdowns: h:mm:ss when under a day. */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  const s = Math.floor(abs / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return d > 0 ? `${d}d ${pad(h)}:${pad(m)}` : `${h}:${pad(m)}:${pad(sec)}`;
}

/** Monday 00:00 in Vietnam of the week containing `iso`, as YYYY-MM-DD. */
export function weekStart(iso: string): string {
  const t = inVietnam(iso);
  const dow = (t.day() + 6) % 7;
  return t.subtract(dow, 'day').format('YYYY-MM-DD');
}
