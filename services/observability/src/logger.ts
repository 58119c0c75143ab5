/**
 * Logs carry ids, routes and statuses — never bodies, narratives, names or
 * phone numbers. Query strings are dropped from logged URLs (a caller lookup
 * carries a phone number there) and known personal fields are redacted.
 */
import { pino, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'phone', '*.phone', '*.*.phone', 'caller', '*.caller', 'summary', '*.summary', 'narrative', '*.narrative',
  'notes', '*.notes', 'text', '*.text', '*.name', '*.*.name', 'subjects', '*.subjects', 'password', '*.password', 'body', '*.body',
  'req.headers.cookie', 'res.headers["set-cookie"]',
];

export function createLogger(level: string, name: string): Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

export const pathOnly = (url: string | undefined) => (url ?? '').split('?')[0] ?? '';
