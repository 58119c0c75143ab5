/** The SMS a partner gets before a deadline: reference, what is due and by when; never names or narrative. */
import type { TDeadlineKind } from './policy-schema';
import { formatDurationVi } from './countdown';

export const DEADLINE_KIND_LABEL_VI: Readonly<Record<TDeadlineKind, string>> = {
  accept: 'nhận ca',
  first_contact: 'liên hệ lần đầu với người cần giúp',
  follow_up: 'theo dõi, thăm lại',
  legal_clock: 'can thiệp theo NĐ 56/2017',
  reunification_visit: 'thăm lại sau đoàn tụ gia đình',
};

const VN_TIME = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', hour12: false });

export function slaReminderSmsText(o: { reference: string; kind: TDeadlineKind; dueAt: Date; now: Date; code: string | null }): string {
  const left = o.dueAt.getTime() - o.now.getTime();
  const when = `${VN_TIME.format(o.dueAt)}${left > 0 ? ` (còn ${formatDurationVi(left)})` : ''}`;
  const answer = o.kind === 'accept' && o.code ? ` Nhận: trả lời "1 ${o.code}".` : '';
  return `[111] Nhắc hạn: ca ${o.reference} cần ${DEADLINE_KIND_LABEL_VI[o.kind]} trước ${when}.${answer} Hoặc mở bảng điều khiển.`;
}
