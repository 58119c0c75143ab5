import type { AuditEntryDoc } from '../models/audit-entry';
import { appendAuditEntry } from './audit-journal';

export type AuditInput = Pick<AuditEntryDoc, 'actorId' | 'actorRole' | 'action' | 'targetType' | 'targetId' | 'requestId' | 'ip'> & {
  outcome?: AuditEntryDoc['outcome'];
  provinceCode?: string | null;
  reason?: string | null;
};

export const monthOfDate = (at: Date): string => at.toISOString().slice(0, 7);

/**
 * Records who read or wrote a sensitive record. No database round trip: the
 * entry is chained and journaled in this process before this returns (a read
 * that cannot be journaled throws and is not served) and reaches `audit_log`
 * with the next batch (audit-journal.ts).
 */
export async function recordAudit(entry: AuditInput): Promise<void> {
  recordAuditNow(entry);
}

/** The same, for callers that record several entries in a row. */
export function recordAuditNow(entry: AuditInput): AuditEntryDoc {
  const at = new Date();
  return appendAuditEntry({
    at, month: monthOfDate(at), actorId: entry.actorId, actorRole: entry.actorRole, action: entry.action, targetType: entry.targetType,
    targetId: entry.targetId, provinceCode: entry.provinceCode ?? null, requestId: entry.requestId, ip: entry.ip,
    outcome: entry.outcome ?? 'allowed', reason: entry.reason ?? null,
  });
}
