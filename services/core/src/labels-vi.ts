/** Vietnamese labels the service itself speaks (SMS, voice prompts). The console has its own translations. */
import type { TCategory, TRiskLevel } from './enums';

export const CATEGORY_LABEL_VI: Readonly<Record<TCategory, string>> = {
  child_abuse: 'Bạo lực, xâm hại trẻ em',
  sexual_abuse: 'Xâm hại tình dục',
  psychological_crisis: 'Khủng hoảng tâm lý',
  abandoned_child: 'Trẻ bị bỏ rơi',
  child_labour_trafficking: 'Lao động trẻ em, mua bán người',
  domestic_violence: 'Bạo lực gia đình',
  elderly_without_support: 'Người cao tuổi không nơi nương tựa',
  disability_support: 'Hỗ trợ người khuyết tật',
  mental_illness: 'Người tâm thần',
  information_request: 'Yêu cầu thông tin',
};

export const RISK_LABEL_VI: Readonly<Record<TRiskLevel, string>> = {
  emergency: 'KHẨN CẤP',
  high: 'cao',
  medium: 'trung bình',
  low: 'thấp',
};

/**
 * The SMS a partner receives for an offer: reference, category, risk, commune
 * and the answer code. Never a name, an age or the narrative.
 */
export function referralSmsText(o: { reference: string; category: TCategory; riskLevel: TRiskLevel; communeName: string | null; code: string }): string {
  const place = o.communeName ? `, tại ${o.communeName}` : '';
  return `[111] Ca ${o.reference}: ${CATEGORY_LABEL_VI[o.category]}, mức ${RISK_LABEL_VI[o.riskLevel]}${place}. Nhận: trả lời "1 ${o.code}", từ chối: "2 ${o.code}". Hoặc mở bảng điều khiển.`;
}
