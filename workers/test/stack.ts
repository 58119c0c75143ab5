import { startTestStack, type TestStack } from '@hotline/testing';

let stack: Promise<TestStack> | null = null;

export function workersStack(): Promise<TestStack> {
  stack ??= startTestStack('workers');
  return stack;
}

export const mochaHooks = {
  async afterAll() {
    if (stack) await (await stack).stop();
  },
};

let n = 0;
export const freshPhone = () => `09${String(20_000_000 + Math.floor(Math.random() * 70_000_000) + n++).slice(0, 8)}`;

export const openCaseBody = () => ({
  channel: 'phone',
  caller: { phone: freshPhone(), relationship: 'neighbour' },
  outcome: 'case_opened',
  case: {
    category: 'child_abuse',
    riskLevel: 'high',
    subjects: [{ ageYears: 9 }],
    location: { provinceCode: '01', communeCode: '00004' },
    summary: 'test',
  },
});
