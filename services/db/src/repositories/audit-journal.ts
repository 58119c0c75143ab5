/**
 * Audit entries leave the request path without a database round trip: each is
 * chained (audit-chain.ts), appended to this process's journal file with one
 * write(2) — the kernel holds it once the call returns, so a process killed a
 * microsecond later loses nothing — and buffered. A flush (every
 * `flushMs`, or at `batchSize` entries) seals the journal segment, inserts its
 * entries with one `insertMany({ ordered: false })` (ids are `<chain>:<seq>`,
 * so an entry inserted twice is stored once) and deletes the segment. A failed
 * flush keeps its segment and is tried again. At start a process replays the
 * segments of dead processes writing to the same database (a SIGKILL, a crash,
 * a failed last flush). Journals live in `<dir>/<database>/`, one file per
 * (chain, segment); a chain is `<host>~<pid>~<start>`.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { envSetting } from '@hotline/core';
import { AuditChainModel, AuditEntryModel, type AuditEntryDoc } from '../models/audit-entry';
import { faultPoint } from '../fault-points';
import { auditEntryHash, GENESIS_HASH } from './audit-chain';

export const DEFAULT_AUDIT_JOURNAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../.data/audit-journal');

export interface AuditJournalOptions {
  dir?: string;
  flushMs?: number;
  batchSize?: number;
}

interface Segment {
  file: string;
  entries: AuditEntryDoc[];
}

interface Journal {
  dir: string;
  database: string;
  chain: string;
  seq: number;
  prevHash: string;
  segmentNo: number;
  current: Segment;
  fd: number | null;
  sealed: Segment[];
  flushMs: number;
  batchSize: number;
  timer: NodeJS.Timeout;
  flushing: Promise<void> | null;
  soon: boolean;
}

let journal: Journal | null = null;
let settings: Required<AuditJournalOptions> = { dir: envSetting('AUDIT_JOURNAL_DIR') ?? DEFAULT_AUDIT_JOURNAL_DIR, flushMs: 500, batchSize: 256 };
const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');

const segmentFile = (j: Pick<Journal, 'dir' | 'chain'>, no: number) => path.join(j.dir, `${j.chain}.${no}.jsonl`);

function databaseName(): string {
  const name = mongoose.connection.name;
  if (!name) throw new Error('audit: the database is not connected');
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

function open(): Journal {
  const database = databaseName();
  if (journal && journal.database === database) return journal;
  if (journal) closeJournalFile(journal);
  const dir = path.join(settings.dir, database);
  mkdirSync(dir, { recursive: true });
  const chain = `${host}~${process.pid}~${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const j: Journal = {
    dir, database, chain, seq: 0, prevHash: GENESIS_HASH, segmentNo: 0, fd: null, sealed: [],
    current: { file: '', entries: [] }, flushMs: settings.flushMs, batchSize: settings.batchSize, flushing: null, soon: false,
    timer: setInterval(() => void flushAudit().catch(() => {}), settings.flushMs),
  };
  j.timer.unref();
  j.current.file = segmentFile(j, 0);
  journal = j;
  return j;
}

function closeJournalFile(j: Journal): void {
  clearInterval(j.timer);
  if (j.fd !== null) closeSync(j.fd);
  j.fd = null;
}

/** Chains, journals, appends: returns once the entry is in the kernel's hands. */
export function appendAuditEntry(fields: Omit<AuditEntryDoc, '_id' | 'chain' | 'seq' | 'prevHash' | 'hash'>): AuditEntryDoc {
  const j = open();
  j.seq += 1;
  const body = { ...fields, chain: j.chain, seq: j.seq, prevHash: j.prevHash };
  const entry: AuditEntryDoc = { _id: `${j.chain}:${j.seq}`, ...body, hash: auditEntryHash(body) };
  j.prevHash = entry.hash;
  if (j.fd === null) j.fd = openSync(j.current.file, 'a');
  writeSync(j.fd, `${JSON.stringify(entry)}\n`);
  j.current.entries.push(entry);
  if (j.current.entries.length >= j.batchSize && !j.soon) {
    j.soon = true;
    setImmediate(() => {
      j.soon = false;
      void flushAudit().catch(() => {});
    });
  }
  return entry;
}

function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

const isDuplicateOnly = (err: unknown): boolean => {
  const e = err as { code?: number; writeErrors?: { code?: number }[] };
  if (e.writeErrors?.length) return e.writeErrors.every((w) => w.code === 11000);
  return e.code === 11000;
};

/** Stores entries once whatever was stored before, and moves the chain's head forward. */
async function store(entries: AuditEntryDoc[]): Promise<void> {
  if (!entries.length) return;
  try {
    await AuditEntryModel.collection.insertMany(entries as never[], { ordered: false });
  } catch (err) {
    if (!isDuplicateOnly(err)) throw err;
  }
  const heads = new Map<string, AuditEntryDoc>();
  for (const e of entries) if ((heads.get(e.chain)?.seq ?? 0) < e.seq) heads.set(e.chain, e);
  for (const e of heads.values()) {
    const head = await AuditChainModel.findById(e.chain).lean();
    if (head && head.seq >= e.seq) continue;
    await AuditChainModel.updateOne({ _id: e.chain }, { $set: { kind: 'chain', seq: e.seq, hash: e.hash, updatedAt: new Date() } }, { upsert: true });
  }
}

async function flushOnce(j: Journal): Promise<void> {
  if (j.current.entries.length) {
    j.sealed.push(j.current);
    if (j.fd !== null) closeSync(j.fd);
    j.fd = null;
    j.segmentNo += 1;
    j.current = { file: segmentFile(j, j.segmentNo), entries: [] };
  }
  while (j.sealed.length) {
    const segment = j.sealed[0]!;
    await store(segment.entries);
    await faultPoint('audit.after-insert');
    removeFile(segment.file);
    j.sealed.shift();
  }
}

/** Moves every buffered entry to `audit_log` (tests call it before reading the log; shutdown calls it last). */
export async function flushAudit(): Promise<void> {
  const j = journal;
  if (!j) return;
  while (j.flushing) await j.flushing;
  if (!j.current.entries.length && !j.sealed.length) return;
  j.flushing = flushOnce(j).finally(() => {
    j.flushing = null;
  });
  await j.flushing;
}

function ownerAlive(chain: string): boolean {
  const [chainHost, pid] = chain.split('~');
  if (chainHost !== host) return true; // a journal directory shared with another machine: not ours to replay
  if (Number(pid) === process.pid) return chain === journal?.chain;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stores what dead processes journaled but did not flush. Returns how many entries the journals held. */
export async function replayAuditJournals(): Promise<number> {
  const dir = path.join(settings.dir, databaseName());
  if (!existsSync(dir)) return 0;
  let count = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    const chain = name.replace(/\.\d+\.jsonl$/, '');
    if (ownerAlive(chain)) continue;
    const file = path.join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // another process replayed it meanwhile
    }
    // A line cut short by a crash mid-write is the one entry the process never finished appending.
    const entries = text.split('\n').filter(Boolean).flatMap((line) => {
      try {
        const e = JSON.parse(line) as AuditEntryDoc;
        return [{ ...e, at: new Date(e.at) }];
      } catch {
        return [];
      }
    });
    await store(entries);
    removeFile(file);
    count += entries.length;
  }
  return count;
}

/** Sets where and how often this process journals, and replays dead processes' journals. */
export async function startAuditJournal(opts: AuditJournalOptions = {}): Promise<number> {
  settings = { ...settings, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
  return replayAuditJournals();
}

/** Flushes and closes this process's journal (a clean stop leaves no file behind). */
export async function stopAuditJournal(): Promise<void> {
  const j = journal;
  if (!j) return;
  await flushAudit();
  closeJournalFile(j);
  if (!j.current.entries.length) removeFile(j.current.file);
  if (journal === j) journal = null;
}
