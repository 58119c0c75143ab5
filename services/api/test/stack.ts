/** One real stack (API on a free port, fresh database, fresh Redis prefix) shared by this workspace's tests. */
import { startTestStack, type TestStack } from '@hotline/testing';

let stack: Promise<TestStack> | null = null;

export function apiStack(): Promise<TestStack> {
  stack ??= startTestStack('api');
  return stack;
}

export const mochaHooks = {
  async afterAll() {
    if (stack) await (await stack).stop();
  },
};

export const callBody = (over: Record<string, unknown> = {}, caseOver: Record<string, unknown> = {}) => ({
  channel: 'phone',
  caller: { phone: '0912 345 678', name: 'Chị Lan', relationship: 'neighbour' },
  outcome: 'case_opened',
  case: {
    category: 'child_abuse',
    riskLevel: 'high',
    subjects: [{ name: 'Bé A', ageYears: 8, gender: 'female' }],
    location: { provinceCode: '01', communeCode: '00004' },
    summary: 'Hàng xóm nghe tiếng trẻ khóc nhiều đêm liền',
    ...caseOver,
  },
  ...over,
});

/** A fresh Vietnamese mobile number per call so tests do not see each other's callers. */
let n = 0;
export const freshPhone = () => `09${String(10_000_000 + Math.floor(Math.random() * 80_000_000) + n++).slice(0, 8)}`;
