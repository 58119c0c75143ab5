/**
 * Audit without a database write on the read path: entries are journaled in
 * the process and flushed in batches; a process killed before it flushed loses
 * nothing, and the log's hash chains show any entry changed or deleted.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AuditChainModel, AuditEntryModel, auditEntryHash, flushAudit, listAuditEntries, recordAudit, replayAuditJournals, startAuditJournal, stopAuditJournal, verifyAuditChains,
} from '../src/index';
import { testSettings } from '../../testing/src/test-run';
import { useFreshDatabase } from './fixtures/fresh-database';

const here = path.dirname(fileURLToPath(import.meta.url));
const { mongodbUri: uri, dbName } = testSettings('db-audit');

/** Starts the reader, waits until it has journaled, and SIGKILLs it. */
async function auditThenKill(dir: string, count: number, flushed: number, faults = ''): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/audit-reader.ts'), uri, dir, String(count), String(flushed)], {
    env: { ...process.env, HOTLINE_FAULTS: faults },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const said = new Promise<'journaled'>((resolve) => child.stdout.on('data', (d) => String(d).includes('journaled') && resolve('journaled')));
  const outcome = await Promise.race([said, exited.then(() => 'exited' as const)]);
  if (outcome === 'journaled') {
    child.kill('SIGKILL');
    await exited;
  }
  expect(child.signalCode, err).to.equal('SIGKILL');
  return child;
}

describe('audit journal: buffered, never lost, tamper-evident', () => {
  useFreshDatabase(uri);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'audit-journal-'));
  });
  after(async () => {
    await stopAuditJournal();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a read is answered before its entry reaches the database, and a flush stores it', async () => {
    await startAuditJournal({ dir, flushMs: 600_000 });
    await recordAudit({ actorId: 'u9', actorRole: 'manager', action: 'case.read', targetType: 'case', targetId: 'buffered-1', provinceCode: '79', requestId: null, ip: null });
    expect(await AuditEntryModel.countDocuments({ targetType: 'case', targetId: 'buffered-1' }), 'not written on the read path').to.equal(0);
    await flushAudit();
    expect(await AuditEntryModel.countDocuments({ targetType: 'case', targetId: 'buffered-1' })).to.equal(1);
  });

  it('a process SIGKILLed with unflushed entries loses none: the next start stores all N exactly once', async () => {
    const n = 300;
    await auditThenKill(dir, n, 120);
    const before = await AuditEntryModel.find({ actorId: 'u1' }).lean();
    expect(before.length, 'only the flushed ones reached the database').to.equal(120);
    expect(readdirSync(path.join(dir, dbName)).length, 'its journal is left behind').to.be.greaterThan(0);

    expect(await replayAuditJournals()).to.equal(n - 120);
    const after = await AuditEntryModel.find({ actorId: 'u1' }).lean();
    expect(after).to.have.length(n);
    expect(new Set(after.map((e) => e.targetId)).size, 'each read once').to.equal(n);
    expect(readdirSync(path.join(dir, dbName)).filter((f) => !f.includes(`~${process.pid}~`)), 'replayed journals are removed').to.deep.equal([]);
    expect(await replayAuditJournals(), 'a second replay finds nothing').to.equal(0);
    expect((await verifyAuditChains()).ok).to.equal(true);
    await AuditEntryModel.deleteMany({ actorId: 'u1' });
    await AuditChainModel.deleteMany({ _id: after[0]!.chain });
  });

  it('a process killed after inserting a batch but before deleting its journal stores that batch once', async () => {
    await auditThenKill(dir, 50, 50, 'audit.after-insert:kill');
    expect(await AuditEntryModel.countDocuments({ actorId: 'u1' })).to.equal(50);
    expect(await replayAuditJournals()).to.equal(50);
    const rows = await AuditEntryModel.find({ actorId: 'u1' }).lean();
    expect(rows, 'the replay inserted nothing twice').to.have.length(50);
    expect((await verifyAuditChains()).ok).to.equal(true);
  });

  it('verification names an entry that was changed, one that was deleted, and a deleted tail', async () => {
    for (let i = 0; i < 6; i++) {
      await recordAudit({ actorId: 'u7', actorRole: 'admin', action: 'case.read', targetType: 'case', targetId: `t-${i}`, provinceCode: null, requestId: null, ip: null });
    }
    await flushAudit();
    const rows = await AuditEntryModel.find({ actorId: 'u7' }).sort({ at: -1 }).lean();
    const chain = rows[0]!.chain;
    expect((await verifyAuditChains({ chains: [chain] })).ok).to.equal(true);
    const bySeq = new Map(rows.map((r) => [r.targetId, r.seq]));

    await AuditEntryModel.updateOne({ _id: rows.find((r) => r.targetId === 't-1')!._id }, { $set: { actorId: 'someone-else' } });
    await AuditEntryModel.deleteOne({ _id: rows.find((r) => r.targetId === 't-3')!._id });
    await AuditEntryModel.deleteOne({ _id: rows.find((r) => r.targetId === 't-5')!._id });
    const result = await verifyAuditChains({ chains: [chain] });
    expect(result.ok).to.equal(false);
    expect(result.problems).to.deep.include({ chain, seq: bySeq.get('t-1')!, kind: 'modified' });
    expect(result.problems).to.deep.include({ chain, seq: bySeq.get('t-3')!, kind: 'missing' });
    expect(result.problems).to.deep.include({ chain, seq: bySeq.get('t-5')!, kind: 'tail_missing' });
  });

  it('a changed entry whose hash was recomputed still breaks the link to the next one', async () => {
    for (let i = 0; i < 3; i++) {
      await recordAudit({ actorId: 'u8', actorRole: 'admin', action: 'case.read', targetType: 'case', targetId: `l-${i}`, provinceCode: null, requestId: null, ip: null });
    }
    await flushAudit();
    const first = (await AuditEntryModel.findOne({ targetType: 'case', targetId: 'l-0' }).lean())!;
    const forged = { ...first, action: 'case.list' };
    await AuditEntryModel.updateOne({ _id: first._id }, { $set: { action: forged.action, hash: auditEntryHash(forged) } });
    const result = await verifyAuditChains({ chains: [first.chain] });
    expect(result.problems).to.deep.include({ chain: first.chain, seq: first.seq + 1, kind: 'broken_link' });
  });

  it('the viewer pages newest first and keeps a manager to their provinces', async () => {
    for (const p of ['01', '79', '01', '01']) {
      await recordAudit({ actorId: 'u5', actorRole: 'counsellor', action: 'case.note', targetType: 'case', targetId: `v-${p}`, provinceCode: p, requestId: null, ip: null });
    }
    await flushAudit();
    const first = await listAuditEntries({ user: 'u5', limit: 2 }, { provinces: null });
    expect(first.items).to.have.length(2);
    expect(first.nextCursor).to.be.a('string');
    const second = await listAuditEntries({ user: 'u5', limit: 2, cursor: first.nextCursor! }, { provinces: null });
    const all = [...first.items, ...second.items];
    expect(all.map((e) => e.seq)).to.deep.equal([...all.map((e) => e.seq)].sort((a, b) => b - a));
    expect(new Set(all.map((e) => e._id)).size).to.equal(4);
    const hcm = await listAuditEntries({ action: 'case.note', limit: 50 }, { provinces: ['79'] });
    expect(hcm.items.map((e) => e.provinceCode)).to.deep.equal(['79']);
    expect((await listAuditEntries({ limit: 50 }, { provinces: [] })).items).to.deep.equal([]);
  });
});
