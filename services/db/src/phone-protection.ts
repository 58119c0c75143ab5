/**
 * Phone numbers are personal data: stored encrypted (AES-256-GCM) so staff can
 * call back, matched through a keyed hash (HMAC-SHA256) so repeat callers are
 * recognised, and shown masked in lists. Neither form ever reaches a log.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

export interface FieldKeys {
  phoneHashKey: string;
  fieldEncryptionKey: string;
  /** The case search's blind-index key (SEARCH_INDEX_KEY); when absent, derived from `phoneHashKey`. */
  searchIndexKey?: string | undefined;
}

let keys: FieldKeys | null = null;

export function configureFieldKeys(k: FieldKeys): void {
  keys = k;
}

function requireKeys(): FieldKeys {
  if (!keys) throw new Error('configureFieldKeys() was not called');
  return keys;
}

/**
 * The blind-index key of one search term of a case in one province: what the
 * case stores in `searchKeys` and a search asks for by equality. Truncated to
 * 128 bits (22 characters): enough to never collide by chance, small enough
 * for a hundred of them per case.
 */
let searchSecret: { keys: FieldKeys; secret: string } | null = null;

export function searchIndexKey(provinceCode: string, term: string): string {
  const k = requireKeys();
  if (searchSecret?.keys !== k) searchSecret = { keys: k, secret: k.searchIndexKey ?? createHmac('sha256', k.phoneHashKey).update('case-search-index-v1').digest('base64url') };
  return createHmac('sha256', searchSecret.secret).update(`${provinceCode}:${term}`).digest().subarray(0, 16).toString('base64url');
}

export function hashPhone(e164: string): string {
  return createHmac('sha256', requireKeys().phoneHashKey).update(e164).digest('base64url');
}

const aesKey = () => createHash('sha256').update(requireKeys().fieldEncryptionKey).digest();

export function encryptField(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey(), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function decryptField(sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('Unreadable sealed field');
  const decipher = createDecipheriv('aes-256-gcm', aesKey(), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** +84912345678 → +84 91•••••78 */
export function maskPhone(e164: string): string {
  if (e164.length < 7) return '•••';
  return `${e164.slice(0, 3)} ${e164.slice(3, 5)}${'•'.repeat(Math.max(0, e164.length - 7))}${e164.slice(-2)}`;
}
