/**
 * Mounted only with BENCH_MODE=true: the floor `npm run bench -- intake`
 * compares POST /api/calls against. It makes the same number of database
 * writes as logging a call that opens a case (counter, case insert, call
 * upsert, timeline upsert, outbox clear, audit entry) and one enqueue, with no
 * validation, rules or realtime. (No worker handles its job: it fails once, unseen.)
 */
import { Router } from 'express';
import { Types } from 'mongoose';
import { mongoose } from '@hotline/db';
import { QUEUE_NAMES } from '@hotline/queue';
import type { ApiDeps } from '../services/deps';

export function benchRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.post('/api/bench/floor', async (req, res) => {
    const db = mongoose.connection.db;
    if (!db) throw new Error('no database');
    const id = new Types.ObjectId();
    const col = db.collection('bench_floor');
    await db.collection('bench_counters').findOneAndUpdate({ _id: 'floor' as unknown as Types.ObjectId }, { $inc: { seq: 1 } }, { upsert: true });
    await col.insertOne({ _id: id, body: req.body, outbox: [1, 2] });
    await db.collection('bench_calls').updateOne({ _id: id }, { $setOnInsert: { at: new Date() } }, { upsert: true });
    await db.collection('bench_events').updateOne({ _id: id }, { $setOnInsert: { at: new Date() } }, { upsert: true });
    await col.updateOne({ _id: id }, { $set: { outbox: [] } });
    await db.collection('bench_audit').insertOne({ at: new Date(), target: id });
    await deps.producers.queue(QUEUE_NAMES.maintenance).add('bench-floor', { id: id.toHexString() }, { removeOnComplete: true, removeOnFail: true, attempts: 1 });
    res.status(201).json({ id: id.toHexString() });
  });
  return router;
}
