/**
 * npm run rollups:rebuild — recomputes the reports' daily rollups from the
 * source collections of the configured database (MONGODB_URI).
 */
import { loadEnv } from '@hotline/core';
import { connectDatabase, disconnectDatabase, ensureIndexes } from '../connection';
import { rebuildRollups } from '../projections/rollups-rebuild';

const env = loadEnv();
await connectDatabase({ uri: env.MONGODB_URI });
await ensureIndexes();
const started = Date.now();
const documents = await rebuildRollups();
process.stdout.write(`daily rollups rebuilt: ${documents} documents in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
await disconnectDatabase();
