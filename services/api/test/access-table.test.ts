/**
 * Issue 11: every route of the OpenAPI document (and every socket event a
 * console can send), tried against one referred case of Hà Nội by everyone
 * who must not reach it: anonymous, staff of another province (counsellor,
 * supervisor, manager), a collaborator of a partner never offered the case,
 * and the partner that declined it. Each answer is a refusal (401, 403, 404,
 * 409) or, where the route is theirs to use (their own lists, geography, a
 * call of their own), an answer holding nothing of the case; and afterwards the
 * case, its referrals, its call, the partner and the counsellor's account are
 * exactly as before. A route added later is walked too: its request body is
 * built from its JSON schema in the document (BODY_EXAMPLES where that cannot
 * be derived), so its access check is what answers, not validation.
 */
import { expect } from 'chai';
import { Types } from 'mongoose';
import { CallModel, CaseModel, PartnerModel, ReferralModel, UserModel } from '@hotline/db';
import { routeCase } from '@hotline/referrals';
import { ConsoleSocket, HttpClient, sleep, type HttpReply, type TestStack } from '@hotline/testing';
import { apiStack, callBody, freshPhone } from './stack';

const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const SECRETS = {
  child: `Bé Ngọc Trâm ${tag}`,
  caller: `Chị Thu Hà ${tag}`,
  summary: `Trẻ bị nhốt trong nhà kho ${tag}`,
  address: `Số 7 ngách 15 phố Kim Mã ${tag}`,
  notes: `Không gọi lại vào buổi tối ${tag}`,
};

type Json = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  access: string;
  op: Json;
}

/** Request bodies the schema alone cannot give (a route whose derived body is refused as invalid adds one). */
const BODY_EXAMPLES: Record<string, (ids: Ids) => unknown> = {
  'PATCH /api/cases/{id}': () => ({ riskLevel: 'low' }),
  'PATCH /api/partners/{id}': () => ({ paused: true }),
  'PATCH /api/users/{id}': () => ({ active: false }),
  'POST /api/cases/{id}/consent-override': () => ({ reason: 'Trẻ đang gặp nguy hiểm, cần cơ sở hỗ trợ ngay' }),
};

/**
 * A partner's own referral stays its record after it declined (status, when, reference, category, commune:
 * never names or the narrative); the case behind it does not.
 */
const OWN_RECORD: Record<string, string[]> = { 'declined partner': ['GET /api/referrals', 'GET /api/referrals/{id}'] };

/** Routes left out, with why. */
const NOT_PROBED: Record<string, string> = {
  'POST /api/auth/login': 'signs in: its throttling and answers are tested in auth and access-regressions',
  'POST /api/auth/logout': "ends the caller's own session only",
};

interface Ids {
  caseId: string;
  callId: string;
  referralId: string;
  partnerId: string;
  userId: string;
  reference: string;
  phone: string;
}

/** The id a path parameter names, by the resource the path is under. */
function pathValue(path: string, param: string, ids: Ids): string {
  if (param === 'code') return '01';
  if (path.startsWith('/api/calls/')) return ids.callId;
  if (path.startsWith('/api/referrals/')) return ids.referralId;
  if (path.startsWith('/api/partners/') || path.startsWith('/api/facilities/')) return ids.partnerId;
  if (path.startsWith('/api/users/')) return ids.userId;
  return ids.caseId;
}

/** A value for a field, by its name, where the name says what it holds. */
function namedValue(name: string, ids: Ids): unknown {
  if (name === 'caseId') return ids.caseId;
  if (name === 'referralId') return ids.referralId;
  if (name === 'partnerId') return ids.partnerId;
  if (name === 'callId') return ids.callId;
  if (name === 'userId' || name === 'assignedCounsellorId' || name === 'counsellorId') return ids.userId;
  if (name === 'provinceCode' || name === 'province') return '01';
  if (name === 'communeCode') return '00004';
  if (name === 'phone') return ids.phone;
  if (name === 'email') return `probe.${tag}@example.vn`;
  if (name === 'password') return 'probe-password-1234';
  return undefined;
}

/** A small valid instance of a JSON schema (required properties only). */
function example(schema: Json | undefined, doc: Json, ids: Ids, name = ''): unknown {
  if (!schema) return undefined;
  if (schema.$ref) return example(doc.components?.schemas?.[String(schema.$ref).split('/').pop()!], doc, ids, name);
  const named = namedValue(name, ids);
  if (named !== undefined) return named;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum.find((v: unknown) => v !== null) ?? schema.enum[0];
  if ('default' in schema && schema.default !== undefined) return schema.default;
  for (const k of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[k])) return example(schema[k].find((s: Json) => s.type !== 'null') ?? schema[k][0], doc, ids, name);
  }
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...schema.allOf.map((s: Json) => example(s, doc, ids, name)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Json = {};
      for (const key of schema.required ?? []) out[key] = example(schema.properties?.[key], doc, ids, key);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => example(schema.items, doc, ids, name));
    case 'string':
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.pattern === '^[0-9a-f]{24}$') return ids.caseId;
      return 'Thăm dò quyền truy cập'.padEnd(schema.minLength ?? 0, '.').slice(0, schema.maxLength ?? 200);
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, (schema.exclusiveMinimum ?? 0) + 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

const REFUSALS = [401, 403, 404, 409];
const leaks = (reply: HttpReply, ids: Ids, ownRecord: boolean) => {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const digits = ids.phone.replace(/\D/g, '').slice(-8);
  return [...Object.values(SECRETS), digits, ...(ownRecord ? [] : [ids.reference])].filter((s) => text.includes(s));
};

/** What must not change: the case, its referrals and call, the partner, the counsellor's account. */
async function snapshot(ids: Ids) {
  const [kase, referrals, call, partner, user] = await Promise.all([
    CaseModel.findById(ids.caseId, { outbox: 0 }).lean(),
    ReferralModel.find({ caseId: new Types.ObjectId(ids.caseId) }).lean(),
    CallModel.findById(ids.callId).lean(),
    PartnerModel.findById(ids.partnerId).lean(),
    UserModel.findById(ids.userId).lean(),
  ]);
  return JSON.stringify({ kase, referrals: referrals.sort((a, b) => String(a._id).localeCompare(String(b._id))), call, partner, user });
}

describe('access table: every route and socket event, as everyone who must not reach a case', function () {
  this.timeout(180_000);
  let stack: TestStack;
  let ids: Ids;
  let operations: Operation[];
  let doc: Json;
  const actors: { name: string; client: HttpClient }[] = [];

  before(async () => {
    stack = await apiStack();
    const hn = await stack.login('counsellor.hn@demo.vn');
    const admin = await stack.login('admin@demo.vn');
    const phone = freshPhone();
    const r = await hn.post('/api/calls', callBody({ caller: { phone, name: SECRETS.caller, relationship: 'neighbour' }, notes: SECRETS.notes }, {
      subjects: [{ name: SECRETS.child, ageYears: 9, gender: 'female' }],
      location: { provinceCode: '01', communeCode: '00004', address: SECRETS.address },
      summary: SECRETS.summary,
    }));
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const kase = r.body.case as { id: string; reference: string; status: string };
    if (kase.status === 'new') expect((await hn.post(`/api/cases/${kase.id}/status`, { to: 'triaged' })).status).to.equal(200);
    expect(await routeCase(stack.api.deps.referrals, kase.id, 1)).to.equal('offered');
    await hn.post(`/api/cases/${kase.id}/notes`, { text: SECRETS.notes });

    const collab = await stack.login('collaborator.hn@demo.vn');
    const me = (await collab.get('/api/auth/me')).body.user as { partnerId: string };
    const own = await ReferralModel.findOne({ caseId: new Types.ObjectId(kase.id), partnerId: new Types.ObjectId(me.partnerId) }).lean();
    expect(own, 'the demo collaborator is offered the case').to.not.equal(null);
    const hnUser = await UserModel.findOne({ email: 'counsellor.hn@demo.vn' }).lean();
    ids = { caseId: kase.id, callId: String(r.body.call.id), referralId: own!._id.toHexString(), partnerId: me.partnerId, userId: hnUser!._id.toHexString(), reference: kase.reference, phone };

    // The partner that declined: it held the case, and holds it no longer.
    expect((await collab.post(`/api/referrals/${ids.referralId}/decline`, { reason: 'Không đủ người' })).status).to.equal(200);

    // Staff of another province, and a collaborator of a partner of Hà Nội never offered this case.
    const open = async (email: string, body: Json) => {
      const made = await admin.post('/api/users', { email, name: 'Người thử quyền', password: 'probe-password-1234', ...body });
      expect(made.status, JSON.stringify(made.body)).to.equal(201);
      const c = new HttpClient(stack.baseUrl);
      expect((await c.post('/api/auth/login', { email, password: 'probe-password-1234' })).status).to.equal(200);
      return c;
    };
    const partner = await admin.post('/api/partners', {
      name: `Cộng tác viên thử quyền ${tag}`, kind: 'collaborator', type: 'commune_collaborator', categories: ['elderly_without_support'],
      area: { provinceCode: '01', communeCodes: ['00070'] }, phones: ['+84912000123'], channels: ['sms'],
    });
    expect(partner.status, JSON.stringify(partner.body)).to.equal(201);
    actors.push(
      { name: 'anonymous', client: new HttpClient(stack.baseUrl) },
      { name: 'counsellor of 79', client: await stack.login('counsellor.hcm@demo.vn') },
      { name: 'supervisor of 79', client: await open(`sup79.${tag}@example.vn`, { role: 'supervisor', provinces: ['79'] }) },
      { name: 'manager of 79', client: await open(`man79.${tag}@example.vn`, { role: 'manager', provinces: ['79'] }) },
      { name: 'unrelated collaborator', client: await open(`collab.${tag}@example.vn`, { role: 'collaborator', provinces: ['01'], partnerId: partner.body.id }) },
      { name: 'declined partner', client: collab },
    );

    doc = (await new HttpClient(stack.baseUrl).get('/api/openapi.json')).body;
    operations = Object.entries<Json>(doc.paths).flatMap(([path, ops]) =>
      Object.entries<Json>(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, access: String(op['x-access'] ?? ''), op })),
    );
  });

  it('walks every route of the OpenAPI document', () => {
    expect(operations.length).to.be.greaterThan(40);
    expect(operations.some((o) => o.path === '/api/cases/{id}' && o.method === 'GET')).to.equal(true);
  });

  it('(control) the counsellor of Hà Nội reads the names, narrative and reference the probes look for', async () => {
    const hn = await stack.login('counsellor.hn@demo.vn');
    const reply = await hn.get(`/api/cases/${ids.caseId}`);
    expect(reply.status).to.equal(200);
    expect(leaks(reply, ids, false)).to.include.members([SECRETS.child, SECRETS.summary, ids.reference]);
  });

  it('answers each of them with a refusal, or with nothing of the case, and changes nothing', async () => {
    const before = await snapshot(ids);
    const problems: string[] = [];
    let probed = 0;
    for (const o of operations) {
      const key = `${o.method} ${o.path}`;
      if (NOT_PROBED[key]) continue;
      const params = (o.op.parameters ?? []) as Json[];
      let url = o.path.replace(/\{(\w+)\}/g, (_, p: string) => pathValue(o.path, p, ids));
      const query = params
        .filter((p) => p.in === 'query')
        .map((p) => [p.name, namedValue(p.name, ids) ?? (p.name === 'q' ? SECRETS.child.split(' ')[1] : undefined)] as const)
        .filter(([, v]) => v !== undefined);
      if (query.length) url += `?${new URLSearchParams(query.map(([k, v]): [string, string] => [String(k), String(v)])).toString()}`;
      const schema = o.op.requestBody?.content?.['application/json']?.schema;
      const body = BODY_EXAMPLES[key]?.(ids) ?? (schema ? example(schema, doc, ids) : undefined);
      const objectRoute = /\{\w+\}/.test(o.path);
      for (const actor of actors) {
        probed++;
        const reply = await actor.client.request(o.method, url, body);
        const ownRecord = OWN_RECORD[actor.name]?.includes(key) ?? false;
        const leaked = leaks(reply, ids, ownRecord);
        const what = `${actor.name}: ${key} → ${reply.status}`;
        if (leaked.length) problems.push(`${what} shows ${leaked.join(', ')}`);
        if (reply.status >= 500) problems.push(`${what} (a server error)`);
        if (actor.name === 'anonymous' && o.access !== 'public' && reply.status !== 401) problems.push(`${what} (anonymous must get 401)`);
        // A 400 on a route about one object means validation answered before access was ever tried.
        if (reply.status === 400 && objectRoute) problems.push(`${what}: ${JSON.stringify(reply.body).slice(0, 300)} (give the route a valid body in BODY_EXAMPLES)`);
        if (objectRoute && !ownRecord && o.path.match(/^\/api\/(cases|calls|referrals)\//) && !REFUSALS.includes(reply.status) && reply.status !== 400) {
          problems.push(`${what} (a route about this case must refuse)`);
        }
      }
    }
    expect(probed).to.be.greaterThan(200);
    expect(problems, problems.join('\n')).to.deep.equal([]);
    expect(await snapshot(ids), 'the case, its referrals and call, the partner and the account are unchanged').to.equal(before);
  });

  it('refuses to let any of them watch the case over the socket, and tells them nothing of it', async () => {
    const sockets: { name: string; socket: ConsoleSocket }[] = [];
    for (const actor of actors.filter((a) => a.name !== 'anonymous')) sockets.push({ name: actor.name, socket: await ConsoleSocket.connect(stack.baseUrl, actor.client) });
    try {
      for (const { name, socket } of sockets) {
        for (const event of ['case.watch', 'case.unwatch']) {
          const ack = await socket.emitWithAck(event, { caseId: ids.caseId });
          if (event === 'case.watch') expect(ack.ok, `${name}: ${event}`).to.equal(false);
        }
      }
      // A change on the case now reaches its watchers; none of these sockets is one.
      const hn = await stack.login('counsellor.hn@demo.vn');
      expect((await hn.post(`/api/cases/${ids.caseId}/notes`, { text: 'Ghi chú sau khi thăm dò' })).status).to.equal(201);
      await sleep(500);
      for (const { name, socket } of sockets) {
        const heard = socket.events.filter((e) => JSON.stringify(e.payload).includes(ids.caseId) || JSON.stringify(e.payload).includes(ids.reference));
        expect(heard.map((e) => e.event), `${name} heard the case`).to.deep.equal([]);
      }
    } finally {
      for (const { socket } of sockets) socket.close();
    }
    const anonymous = await ConsoleSocket.connect(stack.baseUrl, new HttpClient(stack.baseUrl)).then(
      (s) => (s.close(), 'connected'),
      () => 'refused',
    );
    expect(anonymous, 'a socket without a session').to.equal('refused');
  });
});
