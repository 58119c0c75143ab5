import { randomBytes } from 'node:crypto';

/** One id per test process: its database name and BullMQ prefix, so runs never see each other's data. */
export const TEST_RUN_ID = process.env.HOTLINE_TEST_RUN_ID ?? `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export function testSettings(suite: string) {
  const safe = suite.replace(/[^a-z0-9]/gi, '_').toLowerCase();
  const base = process.env.MONGODB_TEST_URI ?? 'mongodb://127.0.0.1:27017';
  const dbName = `hotline_test_${safe}_${TEST_RUN_ID}`;
  return {
    dbName,
    mongodbUri: `${base.replace(/\/$/, '')}/${dbName}`,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix: `hotline-test-${safe}-${TEST_RUN_ID}`,
  };
}
