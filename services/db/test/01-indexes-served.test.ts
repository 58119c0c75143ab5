/**
 * Every declared index serves the lookups it is declared for. On the
 * embedded database that means the wrapper's GIN index on (_jsonb->'field')
 * exists and PostgreSQL's planner uses it for FerretDB's pushed-down
 * `@>` equality; on MongoDB, the index itself. Proved from each server's own
 * EXPLAIN, on a collection large enough that a scan would be chosen otherwise.
 */
import { expect } from 'chai';
import { Types, type Model } from 'mongoose';
import { CaseModel, CaseQueueBucketModel, connectDatabase, disconnectDatabase, ensureIndexes, mongoose } from '../src/index';
import { testSettings } from '../../testing/src/test-run';

const ROWS = 2000;
const RARE = 5; // booleans: a few `true` among many `false` (the flags the sweeps look for)

/** A value of the path's type for row i: unique for most types, rare-true for booleans. */
function valueFor(model: Model<unknown>, field: string, i: number): unknown {
  const path = model.schema.path(field) as unknown as { instance?: string; caster?: { instance?: string } } | undefined;
  const type = path?.instance === 'Array' ? path.caster?.instance : path?.instance;
  const one = (() => {
    switch (type) {
      case 'ObjectId': return new Types.ObjectId();
      case 'Number': return i;
      case 'Boolean': return i < RARE;
      case 'Date': return new Date(Date.UTC(2026, 0, 1) + i * 60_000);
      default: return `${field}-${i}`;
    }
  })();
  return path?.instance === 'Array' ? [one] : one;
}

/** The top-level fields each model declares an index on (dotted paths are never pushed down), with `_id`. */
function indexedFields(model: Model<unknown>): string[] {
  const fields = new Set<string>(['_id']);
  for (const [keys] of model.schema.indexes()) for (const f of Object.keys(keys)) if (!f.includes('.')) fields.add(f);
  return [...fields].sort();
}

describe('declared indexes are used by the lookups they serve (EXPLAIN)', function () {
  this.timeout(300_000);
  before(async () => {
    await connectDatabase({ uri: testSettings('db-indexes').mongodbUri });
    await mongoose.connection.dropDatabase();
    await ensureIndexes();
  });
  after(async () => {
    await mongoose.connection.dropDatabase();
    await disconnectDatabase();
  });

  it('for every model, an equality on each indexed top-level field is answered from an index', async () => {
    const unserved: string[] = [];
    let checked = 0;
    for (const model of Object.values(mongoose.models) as Model<unknown>[]) {
      const fields = indexedFields(model);
      const docs = Array.from({ length: ROWS }, (_, i) => {
        const doc: Record<string, unknown> = {};
        for (const f of fields) doc[f] = f === '_id' && model.schema.path('_id')?.instance === 'String' ? `id-${i}` : f === '_id' ? new Types.ObjectId() : valueFor(model, f, i);
        return doc;
      });
      await model.collection.insertMany(docs, { ordered: false });
      await ensureIndexes(); // a collection created by the insert gets its indexes (and the wrapper its GIN ones) here
      for (const f of fields) {
        const probe = docs[ROWS - 1 - (f === '_id' ? 0 : 0)]![f];
        const value = Array.isArray(probe) ? probe[0] : typeof probe === 'boolean' ? true : probe;
        const plan = JSON.stringify(await model.collection.find({ [f]: value }).explain());
        checked++;
        if (!/IXSCAN|IDHACK|EXPRESS_IXSCAN|Index Scan/.test(plan)) unserved.push(`${model.collection.collectionName}.${f}: ${plan.slice(0, 300)}`);
      }
    }
    expect(checked).to.be.greaterThan(40);
    expect(unserved, unserved.join('\n')).to.deep.equal([]);
  });

  // With ~150 keys a row, a GIN index with a pending list (fastupdate, merged only by a VACUUM or at 4 MB) made
  // PostgreSQL read the whole table instead; the wrapper creates its GIN indexes with `fastupdate = off`.
  it("the case search's keys: a case holding a hundred and fifty keys is found by any one of them, from an index", async () => {
    const keys = (n: number) => Array.from({ length: 150 }, (_, k) => `search-${n}-${k}`);
    const rows = Array.from({ length: ROWS }, (_, i) => ({ _id: new Types.ObjectId(), provinceCode: '01', searchKeys: keys(i) }));
    await CaseModel.collection.insertMany(rows, { ordered: false });
    await ensureIndexes();
    for (const key of ['search-7-0', 'search-1500-149']) {
      const found = await CaseModel.find({ searchKeys: key }, { _id: 1 }).lean();
      expect(found.map((c) => c._id.toHexString())).to.deep.equal([rows[Number(key.split('-')[1])]!._id.toHexString()]);
      const plan = JSON.stringify(await CaseModel.collection.find({ searchKeys: key }).explain());
      expect(plan, plan.slice(0, 400)).to.match(/IXSCAN|Index Scan/);
    }
  });

  it('an indexed array holding thousands of ids is written and found by any one of them (a busy queue bucket)', async () => {
    const members = Array.from({ length: 3000 }, () => new Types.ObjectId().toHexString());
    await CaseQueueBucketModel.collection.insertOne({ _id: 'probe|new|child_abuse|high', provinceCode: '01', status: 'new', category: 'child_abuse', riskLevel: 'high', members } as never);
    const extra = new Types.ObjectId().toHexString();
    await CaseQueueBucketModel.collection.updateOne({ _id: 'probe|new|child_abuse|high' } as never, { $addToSet: { members: extra } });
    for (const id of [members[0]!, members[2999]!, extra]) {
      const found = await CaseQueueBucketModel.find({ members: id }, { _id: 1 }).lean();
      expect(found.map((b) => b._id)).to.deep.equal(['probe|new|child_abuse|high']);
    }
  });
});
