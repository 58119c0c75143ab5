/**
 * Folds Vietnamese text for search: lower case, no diacritics, đ → d, single
 * spaces. "Hà Nội" and "ha noi" fold to the same key. Plain NFD leaves đ
 * untouched, hence the explicit mapping.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
