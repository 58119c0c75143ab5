/**
 * Runs first: proves the mongoose driver talks to the MongoDB-wire database
 * (FerretDB here, MongoDB in production) for every operation the code uses.
 */
import { expect } from 'chai';
import { Schema, model } from 'mongoose';
import { connectDatabase, disconnectDatabase, mongoose } from '../src/index';
// Relative on purpose: @hotline/testing depends on the API, which depends on this package.
import { testSettings } from '../../testing/src/test-run';

interface Probe {
  key: string;
  n: number;
  tags: string[];
}
const ProbeModel = model<Probe>('Probe', new Schema<Probe>({ key: String, n: Number, tags: [String] }).index({ key: 1 }, { unique: true }));

describe('database driver against the MongoDB-wire server', () => {
  before(async () => {
    await connectDatabase({ uri: testSettings('db-driver').mongodbUri });
    await mongoose.connection.dropDatabase();
    await ProbeModel.createIndexes();
  });
  after(async () => {
    await mongoose.connection.dropDatabase();
    await disconnectDatabase();
  });

  it('inserts and reads back a document', async () => {
    await ProbeModel.create({ key: 'a', n: 1, tags: ['x'] });
    const found = await ProbeModel.findOne({ key: 'a' }).lean();
    expect(found).to.include({ key: 'a', n: 1 });
    expect(found?.tags).to.deep.equal(['x']);
  });

  it('refuses a duplicate on a unique index with code 11000', async () => {
    let code: number | undefined;
    try {
      await ProbeModel.create({ key: 'a', n: 2 });
    } catch (err) {
      code = (err as { code?: number }).code;
    }
    expect(code).to.equal(11000);
    expect(await ProbeModel.countDocuments({ key: 'a' })).to.equal(1);
  });

  it('applies findOneAndUpdate atomically with $inc, $push and upsert', async () => {
    const after = await ProbeModel.findOneAndUpdate({ key: 'a', n: 1 }, { $inc: { n: 1 }, $push: { tags: 'y' } }, { new: true }).lean();
    expect(after).to.include({ n: 2 });
    expect(after?.tags).to.deep.equal(['x', 'y']);
    const stale = await ProbeModel.findOneAndUpdate({ key: 'a', n: 1 }, { $inc: { n: 1 } }, { new: true }).lean();
    expect(stale, 'a conditional update on a stale value matches nothing').to.equal(null);
    const upserted = await ProbeModel.findOneAndUpdate({ key: 'b' }, { $inc: { n: 1 } }, { upsert: true, new: true }).lean();
    expect(upserted).to.include({ key: 'b', n: 1 });
  });

  it('makes each single-document write atomic under concurrency (MongoDB semantics the hotline relies on)', async () => {
    await ProbeModel.create({ key: 'race', n: 0 });
    await Promise.all(Array.from({ length: 30 }, () => ProbeModel.updateOne({ key: 'race' }, { $inc: { n: 1 } })));
    expect((await ProbeModel.findOne({ key: 'race' }).lean())?.n, 'no lost $inc').to.equal(30);
    const winners = await Promise.all(
      Array.from({ length: 10 }, () => ProbeModel.findOneAndUpdate({ key: 'race', n: 30 }, { $set: { n: 31 } }, { new: true }).lean()),
    );
    expect(winners.filter(Boolean), 'one winner of a conditional update').to.have.length(1);
    await ProbeModel.deleteOne({ key: 'race' });
  });

  it('counts documents with a filter', async () => {
    await ProbeModel.insertMany([{ key: 'c', n: 5 }, { key: 'd', n: 6 }]);
    expect(await ProbeModel.countDocuments({ n: { $gte: 5 } })).to.equal(2);
    expect(await ProbeModel.countDocuments({})).to.equal(4);
  });

  it('groups with $match/$group/$sum, the aggregation subset the queues use', async () => {
    const rows = await ProbeModel.aggregate<{ _id: { n: number }; total: number }>([
      { $match: { n: { $gte: 2 } } },
      { $group: { _id: { n: '$n' }, total: { $sum: 1 } } },
      { $sort: { '_id.n': 1 } },
    ]);
    expect(rows.map((r) => [r._id.n, r.total])).to.deep.equal([[2, 1], [5, 1], [6, 1]]);
  });
});
