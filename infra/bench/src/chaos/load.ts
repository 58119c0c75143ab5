/**
 * The steady mixed load the drills run under, all through the real API and the
 * fake Twilio's control routes:
 * - 20 counsellors log calls (`POST /api/calls` with a clientRequestId; a call
 *   that gets no answer or a 5xx is sent again with the same id, as the
 *   console's draft does), some opening cases at emergency/high/medium/low risk;
 * - partners answer offers on the channel they are at: the collaborator with a
 *   console login by the console, others by SMS reply (fake Twilio
 *   `/inbound-sms`) or by the voice keypad (`calls/:sid/answer`); some decline,
 *   some never answer (offers time out, SLA deadlines fall due);
 * - SMS delivery callbacks posted in order, reversed and twice, and the last
 *   webhook replayed (`/replay-last`): duplicated and reordered webhooks;
 * - a manager reads the queue summary and the SLA overview.
 * Every request's outcome is recorded; every call that got a 2xx is kept for the invariants.
 */
import { createHash, randomUUID } from 'node:crypto';
import { CommuneModel, PartnerModel, ReferralModel, type PartnerDoc, type ReferralDoc } from '@hotline/db';
import { request, Recorder, Session, type Reply } from './http';
import { log, sleep, type ChaosStack } from './stack';

const PASSWORD = 'chaos-drill-password-1';
const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'demo1234';

const hash = (s: string) => createHash('sha1').update(s).digest().readUInt32BE(0);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
const between = (a: number, b: number) => a + Math.random() * (b - a);

export interface AcceptedCall {
  intakeKey: string;
  callId: string;
  caseId: string | null;
  opened: boolean;
  at: number;
  /** Answered by a repeat submit (the first one got no answer or a 5xx). */
  replayed: boolean;
}

const CATEGORIES = ['child_abuse', 'sexual_abuse', 'abandoned_child', 'domestic_violence', 'elderly_without_support', 'psychological_crisis', 'child_labour_trafficking'] as const;
const RISKS: Array<[string, number]> = [['emergency', 10], ['high', 50], ['medium', 30], ['low', 10]];
const STATUS_RANK: Record<string, number> = { queued: 1, sent: 3, delivered: 5 };

function risk(): string {
  let r = Math.random() * 100;
  for (const [name, w] of RISKS) {
    if ((r -= w) < 0) return name;
  }
  return 'high';
}

export interface LoadOptions {
  counsellors: number;
  /** Mean seconds between two calls of one counsellor. */
  callEverySeconds: number;
}

export class Load {
  readonly recorder = new Recorder();
  readonly accepted = new Map<string, AcceptedCall>();
  /** clientRequestIds that never got a 2xx after every retry (the counsellor gave up). */
  readonly abandoned = new Set<string>();
  /** clientRequestIds answered with a 4xx (refused, nothing logged). */
  readonly refused = new Map<string, number>();
  /** Highest SMS status each message's callbacks delivered with a 2xx answer. */
  readonly statusDelivered = new Map<string, number>();
  readonly handledOffers = new Set<string>();
  readonly counts = { offersAccepted: 0, offersDeclined: 0, offersIgnored: 0, smsReplies: 0, keypadAnswers: 0, consoleAnswers: 0, replays: 0, callbacks: 0 };
  /** More duplicated and reordered webhooks (D7). */
  webhookChaos = false;
  private running = false;
  private loops: Promise<void>[] = [];
  private counsellors: Session[] = [];
  private manager?: Session;
  private collaborator?: Session;
  private partners = new Map<string, PartnerDoc>();
  private communes = new Map<string, { covered: string[]; all: string[] }>();
  private opened = new Map<string, string[]>();

  constructor(readonly stack: ChaosStack, readonly opts: LoadOptions) {}

  /** Accounts for 20 counsellors (by the admin, through the API), every session signed in, the partners read. */
  async prepare(): Promise<void> {
    const base = this.stack.url;
    const admin = await Session.login(base, 'admin@demo.vn', DEMO_PASSWORD, '127.0.0.2', this.recorder);
    for (let i = 0; i < this.opts.counsellors; i++) {
      const province = i % 5 < 3 ? '01' : '79';
      const email = `counsellor.chaos${i}@demo.vn`;
      const r = await admin.send('POST', '/api/users', { email, name: `Tư vấn viên ${i}`, role: 'counsellor', provinces: [province], password: PASSWORD }, 'setup');
      if (r.status !== 201 && r.status !== 409) throw new Error(`creating ${email}: ${r.status} ${r.text.slice(0, 200)}`);
      this.counsellors.push(await Session.login(base, email, PASSWORD, `127.0.0.${10 + i}`, this.recorder));
    }
    this.manager = await Session.login(base, 'manager.hn@demo.vn', DEMO_PASSWORD, '127.0.0.3', this.recorder);
    this.collaborator = await Session.login(base, 'collaborator.hn@demo.vn', DEMO_PASSWORD, '127.0.0.4', this.recorder);
    for (const p of await PartnerModel.find({}).lean<PartnerDoc[]>()) this.partners.set(p._id.toHexString(), p);
    for (const province of ['01', '79']) {
      const covered = [...new Set([...this.partners.values()].filter((p) => p.area.provinceCode === province).flatMap((p) => p.area.communeCodes))];
      const all = (await CommuneModel.find({ provinceCode: province }, { _id: 1 }).limit(200).lean()).map((c) => String(c._id));
      this.communes.set(province, { covered, all });
    }
    log(`load ready: ${this.counsellors.length} counsellors, ${this.partners.size} partners`);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = [
      ...this.counsellors.map((s) => this.counsellorLoop(s)),
      this.partnerLoop(),
      this.callbackLoop(),
      this.managerLoop(),
    ];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  get isRunning() {
    return this.running;
  }

  // ---- counsellors ----------------------------------------------------------

  private callBody(s: Session) {
    const province = s.user.provinces[0] ?? '01';
    const r = Math.random();
    const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const base = { channel: 'phone', clientRequestId: randomUUID(), caller: { phone, name: 'Chị Lan', relationship: 'neighbour' } };
    const mine = this.opened.get(s.email) ?? [];
    if (r < 0.45) {
      const category = pick(CATEGORIES);
      const c = this.communes.get(province)!;
      const communeCode = Math.random() < 0.8 && c.covered.length ? pick(c.covered) : pick(c.all);
      const elderly = category === 'elderly_without_support';
      return {
        ...base,
        outcome: 'case_opened',
        case: {
          category,
          riskLevel: risk(),
          subjects: [{ name: elderly ? 'Cụ B' : 'Bé A', ageYears: elderly ? 78 : 9, gender: 'female' }],
          location: { provinceCode: province, communeCode },
          summary: 'Diễn tập sự cố: ca thử nghiệm do tải tổng hợp tạo ra.',
        },
      };
    }
    if (r < 0.55 && mine.length) return { ...base, outcome: 'attached_to_case', caseId: pick(mine) };
    return { ...base, outcome: pick(['information_only', 'silent', 'prank']) };
  }

  /** One call, sent again with the same clientRequestId until it gets an answer that is not a 5xx. */
  async submitCall(s: Session, body: ReturnType<Load['callBody']>, first?: { base: string; via: string }): Promise<Reply | null> {
    for (let attempt = 0; attempt < 15; attempt++) {
      const target = attempt === 0 && first ? first : { base: this.stack.url, via: 'proxy' };
      try {
        const r = await s.send('POST', '/api/calls', body, 'call', target.base, target.via);
        if (r.status === 200 || r.status === 201) {
          const j = r.json();
          this.accepted.set(body.clientRequestId, {
            intakeKey: body.clientRequestId, callId: j.call.id, caseId: j.case?.id ?? null, opened: body.outcome === 'case_opened',
            at: Date.now(), replayed: attempt > 0,
          });
          if (body.outcome === 'case_opened' && j.case?.id) this.opened.set(s.email, [...(this.opened.get(s.email) ?? []), j.case.id].slice(-10));
          return r;
        }
        if (r.status < 500) {
          this.refused.set(body.clientRequestId, r.status);
          return r;
        }
      } catch {
        /* no answer: send the draft again */
      }
      await sleep(Math.min(1000 * (attempt + 1), 3000));
    }
    this.abandoned.add(body.clientRequestId);
    return null;
  }

  newCaseCall(s: Session) {
    let b = this.callBody(s);
    while (b.outcome !== 'case_opened') b = this.callBody(s);
    return b;
  }

  get partnerList() {
    return [...this.partners.values()];
  }

  get counsellorSessions() {
    return this.counsellors;
  }

  private async counsellorLoop(s: Session): Promise<void> {
    await sleep(Math.random() * this.opts.callEverySeconds * 1000);
    while (this.running) {
      await this.submitCall(s, this.callBody(s));
      const wait = between(0.5, 1.5) * this.opts.callEverySeconds * 1000;
      for (const until = Date.now() + wait; this.running && Date.now() < until; ) await sleep(200);
    }
  }

  // ---- partners -------------------------------------------------------------

  private async fake(method: string, path: string, body?: unknown): Promise<Reply | null> {
    try {
      return await request(this.stack.fakeUrl, { method, path: `/_fake${path}`, body, timeoutMs: 20_000 });
    } catch {
      return null;
    }
  }

  private async fakeRecords(): Promise<{ messages: any[]; calls: any[] }> {
    const [m, c] = await Promise.all([this.fake('GET', '/messages'), this.fake('GET', '/calls')]);
    return { messages: m?.status === 200 ? m.json().messages : [], calls: c?.status === 200 ? c.json().calls : [] };
  }

  private async partnerLoop(): Promise<void> {
    while (this.running) {
      await sleep(1500);
      try {
        await this.answerOffers();
      } catch {
        /* the database or the fake is down: next tick */
      }
    }
  }

  private async answerOffers(): Promise<void> {
    const offered = await ReferralModel.find({ status: 'offered' }).lean<ReferralDoc[]>();
    if (!offered.length) return;
    const fake = await this.fakeRecords();
    for (const r of offered) {
      if (!this.running) return;
      const id = r._id.toHexString();
      const key = `${id}-${r.channelStep}`;
      if (this.handledOffers.has(key)) continue;
      const h = hash(id);
      const choice = h % 100 < 65 ? 'accept' : h % 100 < 80 ? 'decline' : 'ignore';
      // Each offer waits 2–9 s before its answer, so reminders and short deadlines get their turn.
      if (Date.now() - new Date(r.offeredAt).getTime() < 2000 + (h % 8) * 1000) continue;
      const partner = this.partners.get(r.partnerId.toHexString());
      const channel = r.channels[r.channelStep];
      if (!partner || !channel) continue;
      const phone = partner.phones[0]!;
      if (choice === 'ignore') {
        const call = fake.calls.find((c) => String(c.url).includes(id) && c.status === 'queued');
        if (channel === 'voice' && call && h % 2 === 0) await this.fake('POST', `/calls/${call.sid}/no-answer`, {});
        if (channel !== 'voice' || call) {
          this.handledOffers.add(key);
          this.counts.offersIgnored++;
        }
        continue;
      }
      const digit = choice === 'accept' ? '1' : '2';
      if (channel === 'console') {
        if (!partner.userId || !this.collaborator) continue;
        this.handledOffers.add(key);
        await this.collaborator.send('POST', `/api/referrals/${id}/${choice}`, {}, 'answer').catch(() => null);
        this.counts.consoleAnswers++;
      } else if (channel === 'sms') {
        const sms = fake.messages.find((m) => m.direction === 'outbound-api' && m.to === phone && String(m.body).includes(`"1 ${r.code}"`));
        if (!sms) continue;
        this.handledOffers.add(key);
        const reply = { from: phone, to: this.stack.twilioFrom, body: `${choice === 'accept' ? pick(['1', 'CO']) : pick(['2', 'KHONG'])} ${r.code}`, url: `${this.stack.url}/webhooks/twilio/sms` };
        await this.fake('POST', '/inbound-sms', reply);
        this.counts.smsReplies++;
        // Duplicates: the same webhook again (same MessageSid), or the partner replying twice.
        if (this.webhookChaos || h % 5 === 0) {
          await this.fake('POST', '/replay-last', {});
          this.counts.replays++;
        }
        if (this.webhookChaos || h % 7 === 0) await this.fake('POST', '/inbound-sms', reply);
      } else {
        const call = fake.calls.find((c) => String(c.url).includes(id) && c.status === 'queued');
        if (!call) continue;
        this.handledOffers.add(key);
        await this.fake('POST', `/calls/${call.sid}/answer`, { digits: digit });
        this.counts.keypadAnswers++;
        if (this.webhookChaos || h % 5 === 0) {
          await this.fake('POST', '/replay-last', {});
          this.counts.replays++;
        }
      }
      if (choice === 'accept') this.counts.offersAccepted++;
      else this.counts.offersDeclined++;
    }
  }

  // ---- delivery callbacks ---------------------------------------------------

  private async callbackLoop(): Promise<void> {
    const done = new Set<string>();
    while (this.running) {
      await sleep(2000);
      const { messages } = await this.fakeRecords();
      for (const m of messages) {
        if (!this.running) return;
        if (m.direction !== 'outbound-api' || done.has(m.sid) || Date.now() - new Date(m.dateCreated).getTime() < 1000) continue;
        done.add(m.sid);
        const pattern = this.webhookChaos ? 1 + (hash(m.sid) % 2) : hash(m.sid) % 4;
        const order = pattern === 0 ? ['sent', 'delivered'] : pattern === 1 ? ['delivered', 'sent', 'sent'] : pattern === 2 ? ['delivered', 'delivered'] : [];
        for (const status of order) {
          const r = await this.fake('POST', `/messages/${m.sid}/status`, { status });
          this.counts.callbacks++;
          const answer = r?.status === 200 ? r.json().status : 0;
          if (answer >= 200 && answer < 300) this.statusDelivered.set(m.sid, Math.max(this.statusDelivered.get(m.sid) ?? 0, STATUS_RANK[status]!));
        }
        if (pattern === 2) {
          await this.fake('POST', '/replay-last', {});
          this.counts.replays++;
        }
      }
    }
  }

  // ---- managers -------------------------------------------------------------

  private async managerLoop(): Promise<void> {
    while (this.running) {
      await Promise.all([
        this.manager!.send('GET', '/api/queues/summary', undefined, 'summary').catch(() => null),
        this.manager!.send('GET', '/api/sla/overview', undefined, 'overview').catch(() => null),
      ]);
      await sleep(1000);
    }
  }
}
