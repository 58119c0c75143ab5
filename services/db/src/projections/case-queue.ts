/**
 * The open-case queue (province × status × category × risk level) as bucket
 * documents. The case outbox relay places each case after every change it
 * relays (`placeCaseInQueue`), so the counts follow the cases without
 * reading the cases collection; `rebuildCaseQueueCounts` recomputes them
 * from the open cases.
 */
import { PROVINCE_CODES, type TCaseStatus } from '@hotline/core';
import { CaseModel, type CaseDoc } from '../models/case';
import { CaseQueueBucketModel, type CaseQueueBucketDoc } from '../models/case-queue-bucket';
import { placeInBucket, replaceBuckets } from './membership-buckets';

export type QueuedCase = Pick<CaseDoc, '_id' | 'provinceCode' | 'status' | 'category' | 'riskLevel'>;
export const QUEUED_CASE_FIELDS = { provinceCode: 1, status: 1, category: 1, riskLevel: 1 } as const;

type BucketFields = Omit<CaseQueueBucketDoc, '_id' | 'members'>;

function bucketOf(c: QueuedCase): { id: string; fields: BucketFields } | null {
  if (c.status === 'closed') return null;
  const fields = { provinceCode: c.provinceCode, status: c.status, category: c.category, riskLevel: c.riskLevel };
  return { id: [c.provinceCode, c.status, c.category, c.riskLevel].join('|'), fields };
}

export async function placeCaseInQueue(c: QueuedCase): Promise<void> {
  await placeInBucket(CaseQueueBucketModel, c._id.toHexString(), bucketOf(c));
}

export interface QueueCount {
  provinceCode: string;
  status: TCaseStatus;
  category: CaseDoc['category'];
  riskLevel: CaseDoc['riskLevel'];
  count: number;
}

const byKey = (a: QueueCount, b: QueueCount) =>
  a.provinceCode.localeCompare(b.provinceCode) || a.status.localeCompare(b.status) || a.category.localeCompare(b.category) || a.riskLevel.localeCompare(b.riskLevel);

/** Open cases counted by province × status × category × risk level (null provinces: all). */
export async function countOpenCases(provinces: string[] | null): Promise<QueueCount[]> {
  const lists = await Promise.all((provinces ?? PROVINCE_CODES).map((provinceCode) => CaseQueueBucketModel.find({ provinceCode }).lean()));
  return lists
    .flat()
    .filter((b) => b.members.length > 0)
    .map((b) => ({ provinceCode: b.provinceCode, status: b.status, category: b.category, riskLevel: b.riskLevel, count: b.members.length }))
    .sort(byKey);
}

/** Every open case, by its queue bucket: the source the counts are rebuilt from. */
async function openCasesByBucket(): Promise<Map<string, { fields: BucketFields; members: string[] }>> {
  const open = await CaseModel.find({ open: true }, QUEUED_CASE_FIELDS).lean<QueuedCase[]>();
  const want = new Map<string, { fields: BucketFields; members: string[] }>();
  for (const c of open) {
    const b = bucketOf(c);
    if (!b) continue;
    const entry = want.get(b.id) ?? { fields: b.fields, members: [] };
    entry.members.push(c._id.toHexString());
    want.set(b.id, entry);
  }
  return want;
}

/** Recomputes every queue bucket from the open cases (after a restore, or to repair). */
export async function rebuildCaseQueueCounts(): Promise<void> {
  await replaceBuckets(CaseQueueBucketModel, await openCasesByBucket(), PROVINCE_CODES);
}
