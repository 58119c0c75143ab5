import { fieldError, type TLocation } from '@hotline/core';
import { findCommune } from '@hotline/db';

/** A commune must belong to the province it is given with. Returns its name. */
export async function checkLocation(location: TLocation, path: string): Promise<string | null> {
  if (!location.communeCode) return null;
  const commune = await findCommune(location.communeCode);
  if (!commune || commune.provinceCode !== location.provinceCode) {
    throw fieldError(`${path}.communeCode`, `is not a commune of province ${location.provinceCode}`);
  }
  return commune.name;
}
