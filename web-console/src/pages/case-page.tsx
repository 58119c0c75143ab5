/**
 * One case: summary, people at risk, referrals (state and why the partner was
 * chosen), SLA deadlines with countdowns, the timeline, notes, and the status
 * changes the user's role may make from the current status. Watches the case
 * room so other people's changes appear without reloading.
 */
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import type { z } from 'zod';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  Alert, App, Button, Card, Checkbox, Col, Collapse, Descriptions, Empty, Input, Modal, Radio, Row, Select, Space, Table, Tag, Timeline, Tooltip, Typography,
} from 'antd';
import {
  allowedTransitions, can, isReferable, type TCategory, CATEGORIES, CATEGORY_CODES, NOTE_KINDS, reasonRequired, RISK_LEVELS, ZCaseTriagePatch, ZNoteInput, ZStatusChange,
  type TCaseStatus, type TCaseTriagePatch, type TNoteInput, type TReferralView, type TRoutingCandidate, type TRoutingDecision, type TSessionUser, type TStatusChange,
  type TTimelineEvent,
} from '@hotline/core';
import { useCase } from '../api/cases';
import { http, isMissingEndpoint } from '../api/http';
import type { CaseDetail, TDeadlineView } from '../api/types';
import { CandidateReasons, useCandidateReasons } from '../components/routing-reasons';
import { useUser } from '../auth/session';
import { Countdown } from '../components/countdown';
import { ChipField, Field, ariaFor } from '../components/field';
import { RiskTag, StatusTag, provinceName } from '../components/labels';
import { Loading, QueryError } from '../components/query-state';
import { applyServerErrors } from '../lib/form-errors';
import { formatDateTime } from '../lib/time';
import { useRealtimeEvents, useWatchCase } from '../realtime/socket';

export default function CasePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const kase = useCase(id);
  const [liveNote, setLiveNote] = useState<string | null>(null);
  useWatchCase(id);
  useRealtimeEvents(['case.updated'], (_e, payload) => {
    const p = payload as { case?: { id: string }; change?: string };
    if (p.case?.id === id) setLiveNote(p.change ?? 'case.updated');
  });

  if (kase.isPending) return <Loading />;
  if (kase.isError) return <QueryError error={kase.error} retry={() => void kase.refetch()} />;
  const c = kase.data;
  const staff = user.role !== 'collaborator';
  const names = new Map((c.timeline ?? []).filter((e) => e.actor.id && e.actor.name).map((e) => [e.actor.id!, e.actor.name!]));
  const assignee = c.assignedCounsellorId ? (c.assignedCounsellorId === user.id ? `${user.name} (${t('cases.assignedMe')})` : (names.get(c.assignedCounsellorId) ?? c.assignedCounsellorId)) : t('cases.assignedNone');

  return (
    <div className="case-page" data-testid="case-page">
      <Card>
        <Space align="center" wrap size="middle">
          <Typography.Title level={1} style={{ margin: 0, fontSize: 26 }} data-testid="case-page-reference">
            {c.reference}
          </Typography.Title>
          <StatusTag status={c.status} />
          <RiskTag level={c.riskLevel} />
          <Tag>{t(`category.${c.category}`)}</Tag>
          {c.subCategories.map((s) => (
            <Tag key={s} bordered={false}>
              {t(`subCategory.${s}`, s)}
            </Tag>
          ))}
          <span className="muted">{t('case.version', { v: c.version })}</span>
        </Space>
        {liveNote ? (
          <Alert
            type="info"
            showIcon
            closable={{ onClose: () => setLiveNote(null) }}
            title={`${t('case.liveUpdated')}: ${t(`timeline.${liveNote}`, liveNote)}`}
            style={{ marginTop: 12 }}
            data-testid="case-live-updated"
          />
        ) : null}
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={15}>
          <Card title={t('case.summary')} size="small">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="case-summary">
              {c.summary}
            </Typography.Paragraph>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('case.location')}>
                {[c.location.address, c.location.communeName, c.location.provinceName ?? provinceName(c.location.provinceCode)].filter(Boolean).join(', ')}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.consent')}>
                {c.consent?.given ? t('case.consentGiven', { method: t(`consentMethod.${c.consent.method}`) }) : t('case.consentNot')}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.created')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('case.assignee')}>
                <span data-testid="case-assignee">{assignee}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('nav.call')}>{t('case.calls', { count: c.callIds.length })}</Descriptions.Item>
            </Descriptions>
          </Card>

          <Card title={t('case.people')} size="small" style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              dataSource={c.subjects}
              columns={[
                { title: t('call.subjectName'), dataIndex: 'name', render: (n?: string | null) => n || <span className="muted">{t('case.unknownName')}</span> },
                { title: t('call.age'), dataIndex: 'ageYears', render: (a?: number | null) => (a === undefined || a === null ? '—' : t('case.years', { n: a })) },
                { title: t('call.gender'), dataIndex: 'gender', render: (g: string) => t(`gender.${g}`) },
                { title: t('call.group'), dataIndex: 'group', render: (g: string) => t(`group.${g}`) },
              ]}
            />
          </Card>

          <ReferralsCard referrals={c.referrals} decisions={c.routingDecisions} caseId={c.id} category={c.category} closed={c.status === 'closed'} user={user} />
          <TimelineCard events={c.timeline ?? []} />
        </Col>
        <Col xs={24} lg={9}>
          {staff ? <StatusActions c={c} user={user} /> : null}
          {staff ? <AssignmentCard c={c} user={user} /> : null}
          <DeadlinesCard deadlines={c.deadlines} />
          <NoteForm caseId={c.id} />
        </Col>
      </Row>
    </div>
  );
}

function ReferralsCard({
  referrals, decisions, caseId, category, closed, user,
}: { referrals: TReferralView[] | undefined; decisions: TRoutingDecision[] | undefined; caseId: string; category: TCategory; closed: boolean; user: TSessionUser }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const reroute = useMutation({
    mutationFn: () => http.post(`/api/cases/${caseId}/reroute`),
    onSuccess: () => {
      void message.success(t('routing.rerouted'));
      void qc.invalidateQueries({ queryKey: ['case', caseId] });
    },
    onError: (e) => void message.error((e as Error).message),
  });
  if (referrals === undefined) return null;
  /** The last round's decision: every partner considered, ranked or excluded (staff only; the API leaves it out for partners). */
  const latest = [...(decisions ?? [])].sort((a, b) => b.round - a.round)[0];
  return (
    <Card
      title={t('case.referrals')}
      size="small"
      style={{ marginTop: 16 }}
      data-testid="case-referrals"
      extra={
        can(user, 'case.reroute') && isReferable(category) && !closed ? (
          <Button size="small" onClick={() => reroute.mutate()} loading={reroute.isPending} data-testid="reroute">
            {t('routing.reroute')}
          </Button>
        ) : null
      }
    >
      {referrals.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.referralsNone')} />
      ) : (
        <>
          <Table<TReferralView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={referrals}
            scroll={{ x: 640 }}
            columns={[
              { title: t('admin.partners'), dataIndex: 'partnerName', render: (n: string, r) => <span>{n} <span className="muted">· {t('routing.round', { n: r.round })}</span></span> },
              { title: t('cases.status'), dataIndex: 'status', render: (st: string) => <Tag color={REFERRAL_COLORS[st]} data-referral-status={st}>{t(`referralState.${st}`, st)}</Tag> },
              { title: t('case.routingReasons'), key: 'why', render: (_, r) => <CandidateReasons candidate={r.reason ?? undefined} /> },
              {
                title: t('inbox.offeredAt'),
                key: 'when',
                render: (_, r) => (
                  <div>
                    <div>{formatDateTime(r.offeredAt)}</div>
                    {r.answeredAt ? <div className="muted">{t(`referralState.${r.status === 'declined' ? 'declined' : 'accepted'}`)}: {formatDateTime(r.answeredAt)}</div> : null}
                    {r.contactedAt ? <div className="muted">{t('referralState.contacted')}: {formatDateTime(r.contactedAt)}</div> : null}
                  </div>
                ),
              },
            ]}
          />
          {latest ? (
            <Collapse
              ghost
              size="small"
              items={[
                {
                  key: 'candidates',
                  label: t('routing.candidates', { count: latest.candidates.length }),
                  children: (
                    <ul className="plain-list">
                      {latest.candidates.map((c) => (
                        <li key={c.partnerId} className="candidate-row">
                          <strong>{c.name}</strong> <CandidateReasonsInline candidate={c} />
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]}
            />
          ) : null}
        </>
      )}
    </Card>
  );
}

const REFERRAL_COLORS: Record<string, string> = { offered: 'blue', accepted: 'cyan', contacted: 'green', completed: 'green', declined: 'red', expired: 'orange', withdrawn: 'default', cancelled: 'default' };

function CandidateReasonsInline({ candidate }: { candidate: TRoutingCandidate }) {
  const reasons = useCandidateReasons()(candidate);
  return <span className={candidate.excluded ? 'muted' : undefined}>— {reasons.join(' · ')}</span>;
}

/** Order on the page: what is still running first (soonest due first), then breached, then met or cancelled. */
const DEADLINE_ORDER: Record<TDeadlineView['state'], number> = { pending: 0, breached: 1, met: 2, cancelled: 3 };

function DeadlinesCard({ deadlines }: { deadlines: TDeadlineView[] | undefined }) {
  const { t } = useTranslation();
  if (deadlines === undefined) return null;
  const sorted = [...deadlines].sort((a, b) => DEADLINE_ORDER[a.state] - DEADLINE_ORDER[b.state] || a.dueAt.localeCompare(b.dueAt));
  return (
    <Card title={t('case.deadlines')} size="small" style={{ marginBottom: 16 }} data-testid="case-deadlines">
      {sorted.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.deadlinesNone')} />
      ) : (
        <ul className="plain-list">
          {sorted.map((d) => (
            <li key={d.id} className="deadline-row" data-testid="deadline" data-kind={d.kind} data-state={d.state}>
              <Space wrap size={6}>
                <strong>{t(`deadlineKind.${d.kind}`, d.kind)}</strong>
                {d.kind === 'follow_up' ? <span className="muted">{d.key.replace('follow_up:', '#')}</span> : null}
                <Tag color={d.state === 'breached' ? 'red' : d.state === 'met' ? 'green' : undefined}>{t(`deadlineState.${d.state}`, d.state)}</Tag>
                {d.state === 'pending' || d.state === 'breached' ? <Countdown due={d.dueAt} startsAt={d.startsAt} /> : null}
                {d.state === 'met' && d.metAt ? <span className="muted">{t('case.metAt', { time: formatDateTime(d.metAt) })}</span> : null}
                {d.kind === 'legal_clock' ? <Tooltip title={t('case.legalClockHelp')}><Tag color="purple">{t('case.legalClock')}</Tag></Tooltip> : null}
                {d.clock === 'business_hours' ? <span className="muted">{t('case.businessHours')}</span> : null}
                {d.escalationLevel > 0 ? <Tag color="volcano" data-testid="escalation-level">{t('case.escalated', { level: d.escalationLevel })}</Tag> : null}
              </Space>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function describeEvent(e: TTimelineEvent, t: (k: string, o?: Record<string, unknown> | string) => string): string {
  const d = e.data as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (e.type) {
    case 'case.status_changed':
    case 'case.triaged':
    case 'case.reopened':
    case 'case.closed':
      return `${t(`status.${s(d.from)}`, s(d.from))} → ${t(`status.${s(d.to)}`, s(d.to))}${d.reason ? ` — ${s(d.reason)}` : ''}`;
    case 'case.note_added':
      return `${t(`noteKind.${s(d.kind)}`, s(d.kind))}: ${s(d.text)}`;
    case 'call.logged':
      return `${t(`channel.${s(d.channel)}`, s(d.channel))} · ${t(`outcome.${s(d.outcome)}`, s(d.outcome))}`;
    case 'case.opened':
      return `${s(d.reference)} · ${t(`category.${s(d.category)}`, s(d.category))} · ${t(`risk.${s(d.riskLevel)}`, s(d.riskLevel))}`;
    case 'case.updated':
      return Array.isArray(d.fields) ? d.fields.join(', ') : '';
    case 'sla.reminder':
    case 'sla.reminder_sms_released':
    case 'sla.warning':
    case 'sla.breached':
    case 'sla.escalated': {
      const parts = [t(`deadlineKind.${s(d.kind)}`, s(d.kind)), d.dueAt ? `${t('case.due')}: ${formatDateTime(s(d.dueAt))}` : ''];
      if (typeof d.fraction === 'number') parts.push(`${Math.round(d.fraction * 100)}%`);
      if (e.type === 'sla.escalated') parts.push(`${t('case.escalated', { level: d.level })} → ${t(`escalationAction.${s(d.action)}`, s(d.action))}`);
      return parts.filter(Boolean).join(' · ');
    }
    case 'routing.unroutable':
      return [t('routing.round', { n: d.round }), d.cause ? t(`cause.${s(d.cause)}`, s(d.cause)) : ''].filter(Boolean).join(' · ');
    default: {
      if (e.type.startsWith('referral.')) {
        const cause = d.cause ? t(`cause.${s(d.cause)}`, s(d.cause)) : '';
        return [s(d.partnerName), d.via ? `${t('case.via')}: ${s(d.via)}` : '', cause, s(d.reason), s(d.note)].filter(Boolean).join(' · ');
      }
      const text = Object.entries(d)
        .filter(([k]) => !/id$/i.test(k))
        .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(' · ');
      return text;
    }
  }
}

function TimelineCard({ events }: { events: TTimelineEvent[] }) {
  const { t } = useTranslation();
  const sorted = [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <Card title={t('case.timeline')} size="small" style={{ marginTop: 16 }} data-testid="case-timeline">
      {sorted.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          items={sorted.map((e) => ({
            key: e.id,
            color: e.type.startsWith('sla.') ? 'red' : e.type === 'case.note_added' ? 'green' : 'blue',
            content: (
              <div data-testid="timeline-event" data-type={e.type}>
                <strong>{t(`timeline.${e.type}`, e.type)}</strong> <span className="muted">· {formatDateTime(e.at)}</span>
                <div className="muted">{e.actor.kind === 'system' ? t('system') : (e.actor.name ?? t(`roles.${e.actor.role ?? 'counsellor'}`))}</div>
                <div style={{ whiteSpace: 'pre-wrap' }}>{describeEvent(e, t as never)}</div>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

function StatusActions({ c, user }: { c: CaseDetail; user: TSessionUser }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<TCaseStatus | null>(null);
  const options = can(user, 'case.status') ? allowedTransitions(c.status) : [];
  return (
    <Card title={t('case.actions')} size="small" style={{ marginBottom: 16 }} data-testid="status-actions">
      {options.length === 0 ? (
        <span className="muted">{t('case.actionsNone')}</span>
      ) : (
        <Space wrap>
          {options.map((to) => (
            <Button key={to} onClick={() => setTarget(to)} danger={to === 'closed'} data-testid={`status-to-${to}`}>
              {t('case.moveTo', { status: t(`status.${to}`) })}
            </Button>
          ))}
        </Space>
      )}
      {target ? <StatusModal c={c} to={target} onClose={() => setTarget(null)} /> : null}
    </Card>
  );
}

function StatusModal({ c, to, onClose }: { c: CaseDetail; to: TCaseStatus; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const needsReason = reasonRequired(c.status, to);
  const [problems, setProblems] = useState<string[]>([]);
  const { control, handleSubmit, setError, formState } = useForm<z.input<typeof ZStatusChange>, unknown, TStatusChange>({
    resolver: zodResolver(ZStatusChange),
    defaultValues: { to, reason: '' },
  });
  const change = useMutation({
    mutationFn: (body: TStatusChange) => http.post(`/api/cases/${c.id}/status`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['case', c.id] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void message.success(t('case.statusChanged'));
      onClose();
    },
    onError: (e) => setProblems(applyServerErrors(e, setError, (p) => p === 'reason' || p === 'to')),
  });
  const submit = handleSubmit((v) => {
    if (needsReason && !v.reason?.trim()) {
      setError('reason', { message: t('case.reasonRequired') });
      return;
    }
    change.mutate({ to, ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}) });
  });
  const e = formState.errors;
  return (
    <Modal
      open
      title={t('case.moveTo', { status: t(`status.${to}`) })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      confirmLoading={change.isPending}
      okButtonProps={{ danger: to === 'closed', 'data-testid': 'status-confirm' } as never}
    >
      <form onSubmit={(ev) => void submit(ev)}>
        <Field label={t('case.reason')} htmlFor="status-reason" error={e.reason?.message ?? e.to?.message} required={needsReason}>
          <Controller
            control={control}
            name="reason"
            render={({ field }) => <Input.TextArea {...field} value={field.value ?? ''} {...ariaFor('status-reason', e.reason?.message)} autoFocus autoSize={{ minRows: 3 }} maxLength={1000} />}
          />
        </Field>
        {problems.length ? <Alert type="error" showIcon title={problems.join('; ')} /> : null}
      </form>
    </Modal>
  );
}

interface StaffUser {
  id: string;
  name: string;
  role: string;
}

function AssignmentCard({ c, user }: { c: CaseDetail; user: TSessionUser }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [triageOpen, setTriageOpen] = useState(false);
  const mayReassign = can(user, 'case.reassign');
  const staff = useQuery({
    queryKey: ['users', 'staff', c.provinceCode],
    queryFn: async () => {
      const page = await http.get<{ items: StaffUser[] }>(`/api/users?province=${c.provinceCode}&active=true&limit=100`);
      // Cases are held by staff of the province; collaborators answer referrals instead.
      return { items: page.items.filter((u) => u.role !== 'collaborator' && u.role !== 'admin') };
    },
    enabled: mayReassign,
    retry: false,
    staleTime: 5 * 60_000,
  });
  const assign = useMutation({
    mutationFn: (to: string | null) => http.patch(`/api/cases/${c.id}`, { assignedCounsellorId: to }, { 'If-Match': String(c.version) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['case', c.id] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void message.success(t('case.reassigned'));
    },
    onError: (e) => void message.error((e as Error).message),
  });
  const closed = c.status === 'closed';
  return (
    <Card title={t('case.assignee')} size="small" style={{ marginBottom: 16 }}>
      <Space wrap>
        {c.assignedCounsellorId !== user.id ? (
          <Button onClick={() => assign.mutate(user.id)} disabled={closed} loading={assign.isPending}>
            {t('case.assignToMe')}
          </Button>
        ) : null}
        {mayReassign && c.assignedCounsellorId ? (
          <Button onClick={() => assign.mutate(null)} disabled={closed}>
            {t('case.unassign')}
          </Button>
        ) : null}
        {mayReassign && staff.data ? (
          <Select
            aria-label={t('case.reassign')}
            placeholder={t('case.reassign')}
            style={{ minWidth: 200 }}
            disabled={closed}
            options={staff.data.items.map((u) => ({ value: u.id, label: `${u.name} · ${t(`roles.${u.role}`, u.role)}` }))}
            onChange={(v: string) => assign.mutate(v)}
          />
        ) : null}
        {mayReassign && staff.isError && !isMissingEndpoint(staff.error) ? <span className="muted">{(staff.error as Error).message}</span> : null}
        {can(user, 'case.triage') ? (
          <Button onClick={() => setTriageOpen(true)} disabled={closed} data-testid="triage-open">
            {t('case.triage')}
          </Button>
        ) : null}
      </Space>
      {triageOpen ? <TriageModal c={c} onClose={() => setTriageOpen(false)} /> : null}
    </Card>
  );
}

function TriageModal({ c, onClose }: { c: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<string[]>([]);
  const { control, handleSubmit, watch, setValue, setError, formState } = useForm<z.input<typeof ZCaseTriagePatch>, unknown, TCaseTriagePatch>({
    resolver: zodResolver(ZCaseTriagePatch),
    defaultValues: { category: c.category, riskLevel: c.riskLevel, subCategories: c.subCategories as TCaseTriagePatch['subCategories'] },
  });
  const category = watch('category');
  const patch = useMutation({
    mutationFn: (body: TCaseTriagePatch) => http.patch(`/api/cases/${c.id}`, body, { 'If-Match': String(c.version) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['case', c.id] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void message.success(t('case.triaged'));
      onClose();
    },
    onError: (e) => setProblems(applyServerErrors(e, setError, (p) => ['category', 'riskLevel', 'subCategories'].includes(p))),
  });
  const submit = handleSubmit((v) => patch.mutate(v));
  const e = formState.errors;
  return (
    <Modal open title={t('case.triage')} onCancel={onClose} onOk={() => void submit()} okText={t('app.save')} cancelText={t('app.cancel')} confirmLoading={patch.isPending} width={720}>
      <ChipField label={t('call.riskLevel')} id="triage-risk" error={e.riskLevel?.message}>
        <Controller
          control={control}
          name="riskLevel"
          render={({ field }) => (
            <Radio.Group
              value={field.value}
              onChange={(ev) => field.onChange(ev.target.value)}
              aria-labelledby="triage-risk-label"
              optionType="button"
              buttonStyle="solid"
              className="chips risk-chips"
              options={RISK_LEVELS.map((r) => ({ value: r, label: t(`risk.${r}`), className: `risk-${r}` }))}
            />
          )}
        />
      </ChipField>
      <ChipField label={t('call.category')} id="triage-category" error={e.category?.message}>
        <Controller
          control={control}
          name="category"
          render={({ field }) => (
            <Radio.Group
              value={field.value}
              onChange={(ev) => {
                field.onChange(ev.target.value);
                setValue('subCategories', []);
              }}
              aria-labelledby="triage-category-label"
              optionType="button"
              className="chips"
              options={CATEGORY_CODES.map((x) => ({ value: x, label: t(`category.${x}`) }))}
            />
          )}
        />
      </ChipField>
      {category ? (
        <ChipField label={t('call.subCategories')} id="triage-sub" error={(e.subCategories as { message?: string } | undefined)?.message}>
          <Controller
            control={control}
            name="subCategories"
            render={({ field }) => (
              <Checkbox.Group
                value={field.value ?? []}
                onChange={(v) => field.onChange(v)}
                aria-labelledby="triage-sub-label"
                options={CATEGORIES[category].map((s) => ({ value: s, label: t(`subCategory.${s}`) }))}
              />
            )}
          />
        </ChipField>
      ) : null}
      {problems.length ? <Alert type="error" showIcon title={problems.join('; ')} /> : null}
    </Modal>
  );
}

function NoteForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<string[]>([]);
  const { control, handleSubmit, reset, setError, formState } = useForm<z.input<typeof ZNoteInput>, unknown, TNoteInput>({
    resolver: zodResolver(ZNoteInput),
    defaultValues: { text: '', kind: 'note' },
  });
  const add = useMutation({
    mutationFn: (body: TNoteInput) => http.post(`/api/cases/${caseId}/notes`, body),
    onSuccess: () => {
      reset({ text: '', kind: 'note' });
      setProblems([]);
      void qc.invalidateQueries({ queryKey: ['case', caseId] });
      void message.success(t('case.noteAdded'));
    },
    onError: (e) => setProblems(applyServerErrors(e, setError, (p) => p === 'text' || p === 'kind')),
  });
  const e = formState.errors;
  return (
    <Card title={t('case.addNote')} size="small">
      <form noValidate onSubmit={(ev) => void handleSubmit((v) => add.mutate(v))(ev)} data-testid="note-form">
        <Field label={t('case.noteKind')} htmlFor="note-kind">
          <Controller
            control={control}
            name="kind"
            render={({ field }) => (
              <Select {...field} id="note-kind" options={NOTE_KINDS.map((k) => ({ value: k, label: t(`noteKind.${k}`) }))} style={{ width: '100%' }} />
            )}
          />
        </Field>
        <Field label={t('case.noteText')} htmlFor="note-text" error={e.text?.message} required>
          <Controller
            control={control}
            name="text"
            render={({ field }) => <Input.TextArea {...field} {...ariaFor('note-text', e.text?.message)} autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} />}
          />
        </Field>
        {problems.length ? <Alert type="error" showIcon title={problems.join('; ')} style={{ marginBottom: 8 }} /> : null}
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          {t('case.addNote')}
        </Button>
      </form>
    </Card>
  );
}
