/**
 * Records the shape of every query this process sends, for the index check of
 * infra/query-shapes (see services/db/QUERIES.md). Off unless
 * HOTLINE_QUERY_SHAPES_DIR is set: then each distinct (collection, operation,
 * filter shape, sort, site) is appended as one JSON line to <dir>/<pid>.jsonl.
 *
 * Shapes come from the driver's command monitoring (so raw collection calls
 * are seen too). The site is the code that built the query: a query is
 * usually returned un-awaited from a repository function and runs later, in a
 * microtask whose stack no longer holds that function, so the stack is taken
 * when the Query or Aggregate is created and carried to the command through
 * an AsyncLocalStorage while it executes. Commands sent outside mongoose
 * queries fall back to the command's own (async) stack.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose, { type Connection, type mongo } from 'mongoose';
import { envSetting } from '@hotline/core';

type Document = mongo.Document;

/** A filter with its values replaced by their BSON type names: `{ caseId: 'objectId', status: { $in: 'array' } }`. */
export type FilterShape = { [field: string]: ShapeValue };
export type ShapeValue = string | FilterShape | FilterShape[];

export interface QueryShape {
  collection: string;
  /** find, findAndModify, update, delete, count, distinct or aggregate (its leading $match). */
  operation: string;
  filter: FilterShape;
  sort: Record<string, unknown> | null;
  /** `path:line (function)` of the code that sent it, or 'unknown'. */
  site: string;
}

const IGNORED_DATABASES = new Set(['admin', 'config', 'local']);
const LOGICAL_OPERATORS = new Set(['$and', '$or', '$nor']);

/** The BSON type name of a value as the driver sends it. */
function bsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'object') {
    const bsonType = (value as { _bsontype?: unknown })._bsontype;
    if (typeof bsonType === 'string') return bsonType === 'BSONRegExp' ? 'regex' : bsonType[0]!.toLowerCase() + bsonType.slice(1);
    return 'object';
  }
  return typeof value; // string, number, undefined, bigint
}

const isOperatorObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) &&
  !('_bsontype' in value) && Object.keys(value).some((k) => k.startsWith('$'));

function shapeOfCondition(value: unknown): ShapeValue {
  if (!isOperatorObject(value)) return bsonTypeOf(value);
  const shape: FilterShape = {};
  for (const [op, operand] of Object.entries(value)) {
    if (op === '$elemMatch' && isPlainObject(operand)) shape[op] = shapeOfFilter(operand);
    else if (op === '$not') shape[op] = shapeOfCondition(operand);
    else shape[op] = bsonTypeOf(operand);
  }
  return shape;
}

const isPlainObject = (value: unknown): value is Document =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !('_bsontype' in value) && !(value instanceof Date);

export function shapeOfFilter(filter: Document): FilterShape {
  const shape: FilterShape = {};
  for (const [field, value] of Object.entries(filter)) {
    if (LOGICAL_OPERATORS.has(field) && Array.isArray(value)) shape[field] = value.filter(isPlainObject).map(shapeOfFilter);
    else shape[field] = shapeOfCondition(value);
  }
  return shape;
}

const sortOf = (sort: unknown): Record<string, unknown> | null =>
  sort instanceof Map ? Object.fromEntries(sort) : isPlainObject(sort) ? { ...sort } : null;

type Recorded = Omit<QueryShape, 'site'>;

/** The filters a command reads with: one per statement of an update or delete. */
export function shapesOfCommand(commandName: string, command: Document): Recorded[] {
  const collection = command[commandName];
  if (typeof collection !== 'string') return [];
  const shape = (operation: string, filter: unknown, sort: unknown = null): Recorded =>
    ({ collection, operation, filter: shapeOfFilter(isPlainObject(filter) ? filter : {}), sort: sortOf(sort) });
  switch (commandName) {
    case 'find': return [shape('find', command.filter, command.sort)];
    case 'findAndModify': return [shape('findAndModify', command.query, command.sort)];
    case 'count':
    case 'distinct': return [shape(commandName, command.query)];
    case 'update': return ((command.updates ?? []) as Document[]).map((u) => shape('update', u.q));
    case 'delete': return ((command.deletes ?? []) as Document[]).map((d) => shape('delete', d.q));
    case 'aggregate': {
      const pipeline = (command.pipeline ?? []) as Document[];
      // Only a leading $match narrows what is read from the collection.
      const match = pipeline[0]?.$match;
      return [shape('aggregate', match, pipeline.find((stage) => stage.$sort)?.$sort)];
    }
    default: return []; // insert, getMore, createIndexes, hello, ping, endSessions, ...
  }
}

// ---- site: where the query was built ----

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SOURCE_FRAME = /\/(services\/[^/]+\/src|workers\/src)\//;
const NOT_A_SITE = /\/services\/db\/src\/(query-shapes|connection)\.ts:/;

/** `path:line (function)` of the first frame in services/<x>/src or workers/src, else of the first project frame (a test), else null. */
export function siteOfStack(stack: string): string | null {
  const frames = stack.split('\n').slice(1)
    .map((line) => /^\s*at (?:async )?(?:(.*?) \()?(?:file:\/\/)?(\/[^)]*?):(\d+):\d+\)?$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && m[2]!.startsWith(REPO_ROOT) && !m[2]!.includes('/node_modules/') && !NOT_A_SITE.test(`${m[2]}:`));
  const frame = frames.find((m) => SOURCE_FRAME.test(m[2]!)) ?? frames[0];
  if (!frame) return null;
  const where = `${path.relative(REPO_ROOT, frame[2]!)}:${frame[3]}`;
  return frame[1] ? `${where} (${frame[1]})` : where;
}

function currentStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack;
}

const siteOfQuery = new WeakMap<object, string>();
const runningSite = new AsyncLocalStorage<string>();

type Method = (this: object, ...args: unknown[]) => unknown;
const QUERY_BUILDERS = [
  'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'updateOne', 'updateMany',
  'replaceOne', 'deleteOne', 'deleteMany', 'countDocuments', 'distinct',
];

/** Notes the site when a query is built (a model's static calls these synchronously), and runs its execution under it. */
function traceQuerySites(): void {
  const wrap = (proto: Record<string, unknown>, name: string, around: (original: Method) => Method) => {
    const original = proto[name];
    if (typeof original === 'function') proto[name] = around(original as Method);
  };
  const noteSite = (original: Method): Method => function (this: object, ...args) {
    if (!siteOfQuery.has(this)) {
      const site = siteOfStack(currentStack());
      if (site) siteOfQuery.set(this, site);
    }
    return original.apply(this, args);
  };
  const runUnderSite = (original: Method): Method => function (this: object, ...args) {
    const site = siteOfQuery.get(this);
    return site ? runningSite.run(site, () => original.apply(this, args)) : original.apply(this, args);
  };
  const queryProto = mongoose.Query.prototype as unknown as Record<string, unknown>;
  for (const name of QUERY_BUILDERS) wrap(queryProto, name, noteSite);
  wrap(queryProto, 'exec', runUnderSite);
  const aggregateProto = mongoose.Aggregate.prototype as unknown as Record<string, unknown>;
  wrap(aggregateProto, 'model', noteSite); // Model.aggregate() calls it on the new Aggregate
  wrap(aggregateProto, 'exec', runUnderSite);
}

// ---- recording ----

const attachedClients = new WeakSet<mongo.MongoClient>();
const written = new Set<string>();
let outputFile: string | null = null;

/** The directory shapes are recorded to, or null when recording is off. */
export const queryShapesDir = (): string | null => envSetting('HOTLINE_QUERY_SHAPES_DIR') ?? null;

function record(event: mongo.CommandStartedEvent): void {
  if (!outputFile || IGNORED_DATABASES.has(event.databaseName)) return;
  const shapes = shapesOfCommand(event.commandName, event.command);
  if (shapes.length === 0) return;
  const site = runningSite.getStore() ?? siteOfStack(currentStack()) ?? 'unknown';
  for (const shape of shapes) {
    const line = JSON.stringify({ ...shape, site } satisfies QueryShape);
    if (written.has(line)) continue;
    written.add(line);
    fs.appendFileSync(outputFile, line + '\n');
  }
}

/**
 * Starts recording the connection's commands when HOTLINE_QUERY_SHAPES_DIR is
 * set (the connection must have been opened with `monitorCommands: true`).
 * Call after every connect: a reconnect brings a new MongoClient.
 */
export function recordQueryShapes(connection: Connection): void {
  const dir = queryShapesDir();
  if (!dir) return;
  if (!outputFile) {
    fs.mkdirSync(dir, { recursive: true });
    outputFile = path.join(dir, `${process.pid}.jsonl`);
    traceQuerySites();
  }
  const client = connection.getClient();
  if (attachedClients.has(client)) return;
  attachedClients.add(client);
  client.on('commandStarted', record);
}
