/**
 * Quiet hours for SMS reminders to volunteers and partners (default
 * 21:00–07:00 Vietnam time). A reminder that falls in them is held until they
 * end; emergencies and the legal clock are never held. Escalations to staff
 * are not reminders and do not go through here.
 */
import { z } from 'zod';
import { ZRiskLevel, type TRiskLevel } from '../enums';
import type { TDeadlineKind } from './policy-schema';
import { MINUTE_MS, ZTimeOfDay, assertValidDate, timeOfDayToMinutes, vietnamWallClock } from './vietnam-time';

export const ZQuietHours = z
  .object({
    enabled: z.boolean().default(true),
    /** Start, Vietnam time; may be later than `to` (the period crosses midnight). */
    from: ZTimeOfDay.default('21:00'),
    to: ZTimeOfDay.default('07:00'),
    /** Sent at once whatever the hour. Emergency is always exempt, even if left out here. */
    exemptRiskLevels: z.array(ZRiskLevel).default(['emergency']),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (timeOfDayToMinutes(q.from) % (24 * 60) === timeOfDayToMinutes(q.to) % (24 * 60)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must differ from from (to have no quiet hours, set enabled: false)' });
    }
  });
export type TQuietHours = z.infer<typeof ZQuietHours>;

export const DEFAULT_QUIET_HOURS: TQuietHours = ZQuietHours.parse({});

/** Whether an instant falls in the quiet hours (start inclusive, end exclusive). */
export function isQuietTime(at: Date, quietHours: TQuietHours): boolean {
  assertValidDate(at, 'at');
  if (!quietHours.enabled) return false;
  const m = vietnamWallClock(at).minuteOfDay;
  const from = timeOfDayToMinutes(quietHours.from);
  const to = timeOfDayToMinutes(quietHours.to);
  return from < to ? m >= from && m < to : m >= from || m < to;
}

/**
 * When a reminder due at `at` may be sent: `at` itself when outside the quiet
 * hours, for an exempt risk level (always emergency) or for the legal clock;
 * otherwise the end of the quiet hours (07:00 the same or the next morning).
 */
export function releaseTime(at: Date, riskLevel: TRiskLevel, quietHours: TQuietHours = DEFAULT_QUIET_HOURS, kind?: TDeadlineKind): Date {
  assertValidDate(at, 'at');
  if (riskLevel === 'emergency' || kind === 'legal_clock' || quietHours.exemptRiskLevels.includes(riskLevel)) return new Date(at.getTime());
  if (!isQuietTime(at, quietHours)) return new Date(at.getTime());
  const wall = vietnamWallClock(at);
  const to = timeOfDayToMinutes(quietHours.to);
  const endToday = wall.dayStartMs + to * MINUTE_MS;
  return new Date(endToday > at.getTime() ? endToday : endToday + 24 * 60 * MINUTE_MS);
}
