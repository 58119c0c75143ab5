/**
 * The audit log's hash chains. Each writing process keeps its own chain (one
 * per process run): it is the only writer of that chain, so the next link is
 * computed in memory without a database round trip. One global chain would
 * need every writer to read and replace a shared head per entry — a
 * serialised round trip on every audited read, which is what the journal
 * exists to avoid. `verifyAuditChains` walks every chain: a changed entry no
 * longer matches its hash, a deleted one leaves a gap in `seq` and a broken
 * `prevHash` link, a deleted tail shows against the chain's head record.
 */
import { createHash } from 'node:crypto';
import { AuditChainModel, AuditEntryModel, type AuditEntryDoc } from '../models/audit-entry';

export const GENESIS_HASH = '0'.repeat(64);

/** The content that the hash covers, in a fixed order. */
function canonical(e: Omit<AuditEntryDoc, 'hash' | '_id'>): string {
  return JSON.stringify([
    e.chain, e.seq, e.prevHash, new Date(e.at).toISOString(), e.actorId, e.actorRole, e.action, e.targetType, e.targetId,
    e.provinceCode, e.requestId, e.ip, e.outcome, e.reason,
  ]);
}

export function auditEntryHash(e: Omit<AuditEntryDoc, 'hash' | '_id'>): string {
  return createHash('sha256').update(canonical(e)).digest('hex');
}

export type AuditProblemKind = 'modified' | 'missing' | 'broken_link' | 'tail_missing';

export interface AuditProblem {
  chain: string;
  seq: number;
  kind: AuditProblemKind;
}

export interface AuditVerification {
  ok: boolean;
  chains: number;
  entries: number;
  problems: AuditProblem[];
}

/** Checks one chain's entries in `seq` order against their hashes, links and the chain's head. */
async function verifyChain(chain: string, head: { seq: number; hash: string } | null, problems: AuditProblem[], max: number): Promise<number> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const cursor = AuditEntryModel.find({ chain }).sort({ seq: 1 }).lean().cursor();
  for await (const e of cursor) {
    count += 1;
    if (problems.length >= max) continue;
    if (e.seq !== expectedSeq) for (let s = expectedSeq; s < e.seq && problems.length < max; s++) problems.push({ chain, seq: s, kind: 'missing' });
    if (auditEntryHash(e) !== e.hash) problems.push({ chain, seq: e.seq, kind: 'modified' });
    else if (e.prevHash !== prevHash && e.seq === expectedSeq) problems.push({ chain, seq: e.seq, kind: 'broken_link' });
    prevHash = e.hash;
    expectedSeq = e.seq + 1;
  }
  if (head && head.seq >= expectedSeq && problems.length < max) problems.push({ chain, seq: head.seq, kind: 'tail_missing' });
  return count;
}

/** Walks every chain the log holds (or the ones named). Reads the whole log: an admin's occasional check, not a request path. */
export async function verifyAuditChains(opts: { chains?: string[]; maxProblems?: number } = {}): Promise<AuditVerification> {
  const heads = await AuditChainModel.find({ kind: 'chain' }).lean();
  const headOf = new Map(heads.map((h) => [h._id, h]));
  const chains = opts.chains ?? heads.map((h) => h._id);
  const problems: AuditProblem[] = [];
  let entries = 0;
  for (const chain of chains) entries += await verifyChain(chain, headOf.get(chain) ?? null, problems, opts.maxProblems ?? 100);
  return { ok: problems.length === 0, chains: chains.length, entries, problems };
}
