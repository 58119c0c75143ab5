import { AuditEntryModel, type AuditEntryDoc } from '../models/audit-entry';

export type AuditInput = Omit<AuditEntryDoc, '_id' | 'at' | 'outcome'> & { outcome?: AuditEntryDoc['outcome'] };

/** Records who read or wrote a sensitive record. Awaited: a read that cannot be audited is not served. */
export async function recordAudit(entry: AuditInput): Promise<void> {
  await AuditEntryModel.create({ ...entry, outcome: entry.outcome ?? 'allowed', at: new Date() });
}
