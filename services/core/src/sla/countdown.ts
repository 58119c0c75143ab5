/**
 * The countdown the console shows next to a deadline: "còn 2 giờ 15 phút",
 * "quá hạn 10 phút". Whole units are rounded down, so the label never shows
 * more time than is left.
 */
import { z } from 'zod';
import { assertValidDate, MINUTE_MS } from './vietnam-time';

export const COUNTDOWN_STATES = ['ok', 'warning', 'breached'] as const;
export const ZCountdownState = z.enum(COUNTDOWN_STATES);
export type TCountdownState = z.infer<typeof ZCountdownState>;

export const ZCountdown = z.object({
  state: ZCountdownState,
  /** dueAt − now: negative once the deadline has passed. */
  remainingMs: z.number(),
  label: z.string(),
});
export type TCountdown = z.infer<typeof ZCountdown>;

export interface CountdownOptions {
  /** When the window opened. With it, `warning` starts at `warnAtFraction` of the window; without it, `warnWithinMinutes` before the end. */
  startsAt?: Date;
  /** Default 0.8, the last default reminder. */
  warnAtFraction?: number;
  /** Default 30. */
  warnWithinMinutes?: number;
}

/** A Vietnamese duration, rounded down: "3 ngày 4 giờ", "2 giờ 15 phút", "45 phút". Minutes are dropped beyond a day. */
export function formatDurationVi(ms: number): string {
  const totalMinutes = Math.floor(Math.abs(ms) / MINUTE_MS);
  const days = Math.floor(totalMinutes / (24 * 60));
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return hours > 0 ? `${days} ngày ${hours} giờ` : `${days} ngày`;
  if (hours > 0) return minutes > 0 ? `${hours} giờ ${minutes} phút` : `${hours} giờ`;
  return `${minutes} phút`;
}

/** A deadline is breached from its due instant on. */
export function countdown(dueAt: Date, now: Date, options: CountdownOptions = {}): TCountdown {
  assertValidDate(dueAt, 'dueAt');
  assertValidDate(now, 'now');
  const remainingMs = dueAt.getTime() - now.getTime();
  if (remainingMs <= 0) {
    const label = -remainingMs < MINUTE_MS ? 'vừa quá hạn' : `quá hạn ${formatDurationVi(remainingMs)}`;
    return { state: 'breached', remainingMs, label };
  }
  const label = remainingMs < MINUTE_MS ? 'còn dưới 1 phút' : `còn ${formatDurationVi(remainingMs)}`;
  let warning: boolean;
  if (options.startsAt) {
    assertValidDate(options.startsAt, 'startsAt');
    const total = dueAt.getTime() - options.startsAt.getTime();
    const fraction = options.warnAtFraction ?? 0.8;
    warning = total <= 0 || now.getTime() - options.startsAt.getTime() >= fraction * total;
  } else {
    warning = remainingMs <= (options.warnWithinMinutes ?? 30) * MINUTE_MS;
  }
  return { state: warning ? 'warning' : 'ok', remainingMs, label };
}
