/**
 * Demo partners for provinces 01 and 79: for every category a commune
 * collaborator plus facilities and agencies, so each demo case can be routed.
 * One Hà Nội collaborator answers from collaborator.hn@demo.vn's console; the Hà Nội
 * SOS children's village's residents are kept from facility.hn@demo.vn.
 * Phones (+84 0…) are numbers no Vietnamese subscriber can have, so a demo
 * send never reaches a real person.
 */
import { CATEGORY_CODES, type TCategory } from '@hotline/core';
import type { UserDoc } from '../models/user';
import { UserModel } from '../models/user';
import { upsertPartner, type PartnerFields } from '../repositories/partners';
import { loadOfficialCommunes } from './geography';

const ALL = [...CATEGORY_CODES].filter((c) => c !== 'information_request') as TCategory[];

function communesOf(province: string, n: number): string[] {
  return loadOfficialCommunes().filter((w) => w.province_code === province).slice(0, n).map((w) => w.ward_code);
}

export async function seedDemoPartners(users: Map<string, UserDoc>): Promise<number> {
  const collaboratorUser = users.get('collaborator.hn@demo.vn');
  const facilityUser = users.get('facility.hn@demo.vn');
  let n = 0;
  for (const [province, label, phoneBase] of [['01', 'Hà Nội', 840_900_000_000], ['79', 'TP.HCM', 840_800_000_000]] as const) {
    const communes = communesOf(province, 12);
    const phone = () => `+${phoneBase + ++n}`;
    const partners: PartnerFields[] = [
      { name: `CTV Nguyễn Văn Bình (${communes[0]})`, kind: 'collaborator', type: 'commune_collaborator', phones: [phone()], categories: ALL, area: { provinceCode: province, communeCodes: communes.slice(0, 4) }, capacity: null, onDuty: null, paused: false, channels: province === '01' ? ['console', 'sms', 'voice'] : ['sms', 'voice'], userId: province === '01' ? (collaboratorUser?._id ?? null) : null, active: true, demo: true },
      { name: `CTV Trần Thị Mai (${communes[4]})`, kind: 'collaborator', type: 'commune_collaborator', phones: [phone()], categories: ALL, area: { provinceCode: province, communeCodes: communes.slice(4, 8) }, capacity: null, onDuty: null, paused: false, channels: ['sms', 'voice'], userId: null, active: true, demo: true },
      { name: `CTV Lê Văn Hùng (${communes[8]})`, kind: 'collaborator', type: 'commune_collaborator', phones: [phone()], categories: ALL, area: { provinceCode: province, communeCodes: communes.slice(8, 12) }, capacity: null, onDuty: null, paused: false, channels: ['voice', 'sms'], userId: null, active: true, demo: true },
      { name: `Trung tâm Công tác xã hội ${label}`, kind: 'facility', type: 'social_protection_centre', phones: [phone()], categories: ALL, area: { provinceCode: province, communeCodes: [] }, capacity: { beds: [{ group: 'child', beds: 20 }, { group: 'elderly', beds: 15 }, { group: 'person_with_disability', beds: 10 }, { group: 'trafficking_victim', beds: 5 }, { group: 'violence_survivor', beds: 10 }] }, onDuty: null, paused: false, channels: ['sms', 'voice'], userId: null, active: true, demo: true },
      { name: `Làng trẻ em SOS ${label}`, kind: 'facility', type: 'childrens_home', phones: [phone()], categories: ['abandoned_child', 'child_abuse', 'child_labour_trafficking'], area: { provinceCode: province, communeCodes: [] }, capacity: { beds: [{ group: 'child', beds: 30 }] }, onDuty: null, paused: false, channels: ['sms', 'voice'], userId: province === '01' ? (facilityUser?._id ?? null) : null, active: true, demo: true },
      { name: `Trung tâm Bảo trợ người cao tuổi ${label}`, kind: 'facility', type: 'elderly_care_centre', phones: [phone()], categories: ['elderly_without_support', 'disability_support'], area: { provinceCode: province, communeCodes: [] }, capacity: { beds: [{ group: 'elderly', beds: 30 }, { group: 'person_with_disability', beds: 10 }] }, onDuty: null, paused: false, channels: ['sms', 'voice'], userId: null, active: true, demo: true },
      { name: `Bệnh viện Tâm thần ${label}`, kind: 'facility', type: 'mental_health_facility', phones: [phone()], categories: ['mental_illness', 'psychological_crisis'], area: { provinceCode: province, communeCodes: [] }, capacity: { beds: [{ group: 'person_with_mental_illness', beds: 80 }, { group: 'person_in_crisis', beds: 20 }] }, onDuty: null, paused: false, channels: ['sms', 'voice'], userId: null, active: true, demo: true },
      { name: `Công an ${label} (phòng chống mua bán người)`, kind: 'agency', type: 'police', phones: [phone()], categories: ['child_labour_trafficking', 'sexual_abuse', 'domestic_violence', 'child_abuse'], area: { provinceCode: province, communeCodes: [] }, capacity: null, onDuty: null, paused: false, channels: ['voice', 'sms'], userId: null, active: true, demo: true },
      { name: `Hội Liên hiệp Phụ nữ ${label}`, kind: 'agency', type: 'womens_union', phones: [phone()], categories: ['domestic_violence', 'sexual_abuse'], area: { provinceCode: province, communeCodes: [] }, capacity: null, onDuty: { days: [1, 2, 3, 4, 5], from: '07:30', to: '17:00' }, paused: false, channels: ['sms'], userId: null, active: true, demo: true },
    ];
    for (const p of partners) {
      const saved = await upsertPartner(p);
      if (p.userId) await UserModel.updateOne({ _id: p.userId }, { $set: { partnerId: saved._id } });
    }
  }
  return n;
}
