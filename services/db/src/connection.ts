import mongoose from 'mongoose';
import { queryShapesDir, recordQueryShapes } from './query-shapes';

// Request values reach filters only after zod has typed them (strings, numbers), never as objects.
mongoose.set('strictQuery', true);
mongoose.set('autoIndex', false);

export interface DatabaseOptions {
  uri: string;
  /** Overrides the database named in the URI (tests use a fresh one per run). */
  dbName?: string;
}

export async function connectDatabase(opts: DatabaseOptions): Promise<typeof mongoose> {
  await mongoose.connect(opts.uri, {
    ...(opts.dbName ? { dbName: opts.dbName } : {}),
    serverSelectionTimeoutMS: 10_000,
    retryWrites: false,
    ...(queryShapesDir() ? { monitorCommands: true } : {}),
  });
  recordQueryShapes(mongoose.connection);
  return mongoose;
}

/** Creates every model's indexes (unique references, lookups). Run at boot by API and workers. */
export async function ensureIndexes(): Promise<void> {
  for (const model of Object.values(mongoose.models)) {
    await model.createIndexes();
  }
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

export async function pingDatabase(): Promise<boolean> {
  try {
    const db = mongoose.connection.db;
    if (!db) return false;
    await db.admin().ping();
    return true;
  } catch {
    return false;
  }
}

export { mongoose };
