/**
 * Shared by the admin sections: the fieldset style of their forms, the days of
 * a week, the small text conversions the forms need (lists of numbers typed
 * as "3, 7, 30", minutes shown as hours) and the shared schemas' messages in
 * the console's language.
 */
import type React from 'react';
import type { TFunction } from 'i18next';

/** A titled group of fields in the admin forms. */
export const FIELDSET: React.CSSProperties = { border: '1px solid #e5e7eb', borderRadius: 8, padding: '8px 12px 4px', margin: '0 0 12px' };
export const LEGEND: React.CSSProperties = { fontWeight: 600, fontSize: 14, padding: '0 4px', width: 'auto', margin: 0, border: 0 };

/** Monday first, as a Vietnamese week is shown (0 is Sunday). */
export const DAYS = [1, 2, 3, 4, 5, 6, 0] as const;

/** "3, 7, 30" → [3, 7, 30]; a token that is not a number becomes NaN so the schema names it. */
export function parseNumberList(text: string, scale = 1): number[] {
  return text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const n = Number(s.replace(',', '.'));
      return Number.isFinite(n) ? Math.round(n * scale * 1e6) / 1e6 : Number.NaN;
    });
}

export const numberListText = (values: readonly number[], scale = 1) => values.map((v) => String(Math.round(v * scale * 1e6) / 1e6)).join(', ');

/** 90 → "1 giờ 30 phút", 2880 → "2 ngày". */
export function minutesText(t: TFunction, m: number): string {
  if (!Number.isFinite(m)) return '—';
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const mins = m % 60;
  const parts: string[] = [];
  if (days) parts.push(t('admin.sla.days', { count: days }));
  if (hours) parts.push(`${hours} ${t('admin.hours')}`);
  if (mins || parts.length === 0) parts.push(`${mins} ${t('admin.min')}`);
  return parts.join(' ');
}

/**
 * The custom messages of the shared schemas are English sentences; the ones an
 * admin meets most are shown in the console's language.
 */
const KNOWN_MESSAGES: Array<[RegExp, string]> = [
  [/^must be at least 10 characters$/, 'admin.msg.passwordShort'],
  [/^a collaborator account must answer for a partner$/, 'admin.msg.collaboratorPartner'],
  [/^a collaborator sees only referrals/, 'admin.msg.collaboratorAll'],
  [/^only collaborator accounts answer for a partner$/, 'admin.msg.partnerOnlyCollaborator'],
  [/^only admins work in all provinces$/, 'admin.msg.allOnlyAdmin'],
  [/^staff must work in at least one province$/, 'admin.msg.provincesRequired'],
  [/^no such partner$/, 'admin.msg.noSuchPartner'],
  [/^must be at least acceptWithinMinutes/, 'admin.msg.contactAfterAccept'],
  [/^must be at most (\d+): the (\d+)-hour legal clock/, 'admin.msg.legalWindow'],
  [/^must be around_the_clock: the/, 'admin.msg.legalAroundTheClock'],
  [/^bedsInUse cannot exceed bedsTotal$/, 'admin.msg.bedsOver'],
  [/^must repeat a channel|^must not repeat a channel$/, 'admin.msg.channelTwice'],
  [/^must be HH:MM|^must be a time written HH:MM/, 'admin.msg.hhmm'],
  [/^must be greater than 0 \(a fraction|^must be less than 1 \(at 1/, 'admin.msg.fractionRange'],
  [/^must be greater than ([\d.]+): /, 'admin.msg.ascending'],
  [/^must be less than ([\d.]+): list the earliest alert first$/, 'admin.msg.descending'],
  [/^must be less than the window \((\d+) minutes\)$/, 'admin.msg.beforeWindow'],
  [/^must differ from from/, 'admin.msg.quietSame'],
  [/^must be an E\.164 phone number$|^is not a valid phone number$/, 'admin.msg.phone'],
  [/^console needs a userId$/, 'admin.msg.consoleNeedsUser'],
  [/^is not a type of /, 'admin.msg.typeOfKind'],
  [/^must be a 5-digit official commune code$/, 'admin.msg.communeCode'],
];

export function localIssue(t: TFunction, message: string): string {
  for (const [re, key] of KNOWN_MESSAGES) {
    const m = re.exec(message);
    if (m) return t(key, { n: m[1], h: m[2] });
  }
  return message;
}
