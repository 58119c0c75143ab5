/** The query-shape recorder's shapes and the checker that says which shapes an index serves. */
import { expect } from 'chai';
import { Types } from 'mongoose';
import { checkShape, type DeclaredIndex } from '../src/query-shape-check';
import { shapeOfFilter, shapesOfCommand, siteOfStack } from '../src/query-shapes';

const caseIndexes: DeclaredIndex[] = [
  [{ reference: 1 }, { unique: true }],
  [{ provinceCode: 1, open: 1, _id: -1 }, {}],
  [{ 'location.provinceCode': 1, status: 1 }, {}],
  [{ callerPhoneHashes: 1 }, {}],
];
const check = (filter: Record<string, unknown>, collection = 'cases') => checkShape({ collection, filter: shapeOfFilter(filter) }, caseIndexes);

describe('query shapes', () => {
  it('replaces values by their BSON type names, keeping operators', () => {
    expect(shapeOfFilter({ caseId: new Types.ObjectId(), status: { $in: ['new'] }, at: { $lt: new Date() }, $or: [{ a: 1 }, { b: null }] }))
      .to.deep.equal({ caseId: 'objectId', status: { $in: 'array' }, at: { $lt: 'date' }, $or: [{ a: 'number' }, { b: 'null' }] });
  });

  it('reads the filter of each command kind and ignores the others', () => {
    expect(shapesOfCommand('find', { find: 'cases', filter: { reference: 'x' }, sort: new Map([['_id', -1]]) }))
      .to.deep.equal([{ collection: 'cases', operation: 'find', filter: { reference: 'string' }, sort: { _id: -1 } }]);
    expect(shapesOfCommand('update', { update: 'cases', updates: [{ q: { _id: 1 }, u: {} }, { q: { open: true }, u: {} }] }).map((s) => s.filter))
      .to.deep.equal([{ _id: 'number' }, { open: 'bool' }]);
    expect(shapesOfCommand('aggregate', { aggregate: 'cases', pipeline: [{ $group: { _id: '$status' } }, { $match: { n: 1 } }] })[0]?.filter)
      .to.deep.equal({}, 'a $match after the first stage does not narrow the read');
    expect(shapesOfCommand('insert', { insert: 'cases', documents: [] })).to.deep.equal([]);
    expect(shapesOfCommand('aggregate', { aggregate: 1, pipeline: [] })).to.deep.equal([]);
  });

  it('names the first frame under services/*/src as the site', () => {
    const root = process.cwd().replace(/\/services\/db$/, '');
    const stack = [
      'Error',
      `    at noteSite (${root}/services/db/src/query-shapes.ts:10:5)`,
      `    at Function.find (${root}/node_modules/mongoose/lib/model.js:2050:9)`,
      `    at listCases (${root}/services/db/src/repositories/cases.ts:42:22)`,
      `    at async ${root}/services/api/src/routes/cases.ts:7:3`,
    ].join('\n');
    expect(siteOfStack(stack)).to.equal('services/db/src/repositories/cases.ts:42 (listCases)');
    expect(siteOfStack('Error\n    at node:internal/x:1:1')).to.equal(null);
  });
});

describe('checkShape: is a query served by an indexed top-level equality?', () => {
  it('serves an equality on _id', () => {
    expect(check({ _id: new Types.ObjectId(), version: 3 })).to.deep.include({ ok: true, index: '_id_' });
  });

  it('serves an equality, or $eq, on a top-level field of a declared index, naming the index it leads', () => {
    expect(check({ provinceCode: '01', open: true })).to.deep.include({ ok: true, index: 'provinceCode_1_open_1__id_-1' });
    expect(check({ reference: { $eq: 'HL-1' } })).to.deep.include({ ok: true, index: 'reference_1' });
    expect(check({ status: 'new' }).index).to.equal('location.provinceCode_1_status_1');
  });

  it('serves a scalar compared against an array field', () => {
    expect(check({ callerPhoneHashes: 'abc', _id: { $ne: new Types.ObjectId() } })).to.deep.include({ ok: true, index: 'callerPhoneHashes_1' });
  });

  it('does not serve $in on _id', () => {
    expect(check({ _id: { $in: [new Types.ObjectId()] } })).to.deep.equal({ ok: false, index: null, reason: 'only $in on _id' });
  });

  it('does not serve a dotted path, even one that is indexed', () => {
    expect(check({ 'location.provinceCode': '01' })).to.deep.include({ ok: false, reason: 'dotted path location.provinceCode' });
  });

  it('does not serve ranges, $or, unindexed fields, null or an empty filter', () => {
    expect(check({ createdAt: { $gte: new Date(), $lt: new Date() } }).reason).to.equal('only $gte, $lt on createdAt');
    expect(check({ $or: [{ reference: 'a' }, { reference: 'b' }] }).reason).to.equal('$or is not pushed down');
    expect(check({ summary: 'x' }).reason).to.equal('summary is in no declared index');
    expect(check({ provinceCode: null }).reason).to.equal('null equality on provinceCode is not pushed down');
    expect(check({})).to.deep.equal({ ok: false, index: null, reason: 'no filter' });
  });

  it('lets a small reference collection be read without an equality', () => {
    const verdict = checkShape({ collection: 'communes', filter: shapeOfFilter({ _id: { $in: ['00004'] } }) }, []);
    expect(verdict.ok).to.equal(true);
    expect(verdict.reason).to.match(/^small collection .*only \$in on _id$/);
    expect(checkShape({ collection: 'communes', filter: {} }, [], {}).ok).to.equal(false);
  });
});
