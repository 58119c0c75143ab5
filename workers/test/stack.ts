import { startTestStack, type TestStack } from '@hotline/testing';

let stack: Promise<TestStack> | null = null;

/** One stack per test process: the files run in parallel processes (.mocharc.json), each on its own database and queue prefix. */
export function workersStack(): Promise<TestStack> {
  stack ??= startTestStack(`workers-${process.pid}`);
  return stack;
}

export const mochaHooks = {
  async afterAll() {
    const started = stack;
    stack = null;
    if (started) await (await started).stop();
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
