/**
 * "Take a call": the counsellor's one screen during a conversation. Keyboard
 * first (Tab order follows the conversation, Ctrl+Enter saves), validated by
 * the API's own schema (ZCallInput), and saved to localStorage on every
 * keystroke so nothing typed is ever lost.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Controller, get, useFieldArray, useForm, type FieldErrors, type Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  Alert, Button, Card, Checkbox, Col, Empty, Input, InputNumber, List, Popconfirm, Radio, Result, Row, Select, Space, Tag, Typography,
} from 'antd';
import { DeleteOutlined, PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CALLER_RELATIONSHIPS, CALL_CHANNELS, CALL_OUTCOMES, CATEGORIES, CATEGORY_CODES, GENDERS, PERSON_GROUPS, RISK_LEVELS,
  ZCallInput, ZPhoneInput, personGroupOf, type TCallCreated, type TCallInput, type TCallerHistory, type TSessionUser,
} from '@hotline/core';
import { http, qs, ApiError } from '../api/http';
import { useUser } from '../auth/session';
import { Field, ChipField, ariaFor } from '../components/field';
import { CommunePicker, ProvincePicker } from '../components/location-pickers';
import { RiskTag, StatusTag } from '../components/labels';
import { LiveFeed } from '../components/live-feed';
import {
  clearDraft, emptySubject, hasContent, loadDraft, newDraft, saveDraft, toCallPayload, type CallDraft, type CallFormValues,
} from '../lib/call-draft';
import { applyServerErrors } from '../lib/form-errors';
import { formatDateTime, formatSpan } from '../lib/time';
import { useDebounced, useNow } from '../lib/use-debounced';

const RESULT_KEY = (userId: string) => `hotline.lastCall.${userId}`;

const defaultProvince = (user: TSessionUser) => (user.provinces.length === 1 ? (user.provinces[0] ?? '') : '');

export default function TakeCallPage() {
  const user = useUser();
  const [draft, setDraft] = useState<CallDraft>(() => loadDraft(user.id) ?? newDraft(defaultProvince(user)));
  const [restored] = useState(() => {
    const d = loadDraft(user.id);
    return d !== null && hasContent(d.values);
  });
  const [result, setResult] = useState<TCallCreated | null>(() => {
    try {
      const raw = sessionStorage.getItem(RESULT_KEY(user.id));
      return raw ? (JSON.parse(raw) as TCallCreated) : null;
    } catch {
      return null;
    }
  });

  const startNext = () => {
    const d = newDraft(defaultProvince(user));
    saveDraft(user.id, d);
    sessionStorage.removeItem(RESULT_KEY(user.id));
    setDraft(d);
    setResult(null);
  };

  const onSubmitted = (r: TCallCreated) => {
    clearDraft(user.id);
    try {
      sessionStorage.setItem(RESULT_KEY(user.id), JSON.stringify(r));
    } catch {
      /* ignore */
    }
    setResult(r);
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        {result ? (
          <CallResult result={result} onNext={startNext} />
        ) : (
          <CallForm key={draft.clientRequestId} user={user} draft={draft} restored={restored} onSubmitted={onSubmitted} onDiscard={startNext} />
        )}
      </Col>
      <Col xs={24} xl={8}>
        <LiveFeed />
      </Col>
    </Row>
  );
}

function CallResult({ result, onNext }: { result: TCallCreated; onNext: () => void }) {
  const { t } = useTranslation();
  const nextRef = useRef<HTMLButtonElement>(null);
  useEffect(() => nextRef.current?.focus(), []);
  const kase = result.case;
  const title = !kase ? t('call.loggedOnly') : result.call.outcome === 'attached_to_case' ? t('call.attachedCase') : t('call.createdCase');
  return (
    <Card>
      <Result
        status="success"
        title={<span data-testid="call-result-title">{title}</span>}
        subTitle={
          kase ? (
            <div>
              <div className="muted">{t('call.reference')}</div>
              <div className="case-reference" data-testid="case-reference" aria-live="polite">
                {kase.reference}
              </div>
              <Space wrap>
                <StatusTag status={kase.status} />
                <RiskTag level={kase.riskLevel} />
                <span>{t(`category.${kase.category}`)}</span>
              </Space>
            </div>
          ) : (
            t(`outcome.${result.call.outcome}`)
          )
        }
        extra={[
          kase ? (
            <Link key="open" to={`/cases/${kase.id}`}>
              <Button size="large">{t('call.openCase')}</Button>
            </Link>
          ) : null,
          <Button key="next" type="primary" size="large" ref={nextRef} onClick={onNext} icon={<PhoneOutlined />}>
            {t('call.nextCall')}
          </Button>,
        ]}
      />
      {result.callerHistory.previousCalls.length > 0 ? (
        <Alert type="info" showIcon title={t('call.repeatCaller', { count: result.callerHistory.previousCalls.length })} />
      ) : null}
    </Card>
  );
}

const KNOWN_FIELDS = new Set([
  'channel', 'caller.phone', 'caller.name', 'caller.relationship', 'outcome', 'caseId', 'notes', 'case.category', 'case.subCategories',
  'case.riskLevel', 'case.subjects', 'case.location.provinceCode', 'case.location.communeCode', 'case.location.address', 'case.summary',
]);
const knownField = (p: string) => KNOWN_FIELDS.has(p) || /^case\.subjects\.\d+\.(name|ageYears|gender|group)$/.test(p);
const serverPath = (p: string) => p.replace(/^case\.subCategories\.\d+$/, 'case.subCategories');

function CallForm({
  user, draft, restored, onSubmitted, onDiscard,
}: { user: TSessionUser; draft: CallDraft; restored: boolean; onSubmitted: (r: TCallCreated) => void; onDiscard: () => void }) {
  const { t } = useTranslation();
  const [serverProblems, setServerProblems] = useState<string[]>([]);
  const resolver = useMemo<Resolver<CallFormValues, unknown, TCallInput>>(() => {
    const schema = zodResolver(ZCallInput);
    return (values, ctx, options) =>
      (schema as unknown as Resolver<CallFormValues, unknown, TCallInput>)(toCallPayload(values, draft) as CallFormValues, ctx, options);
  }, [draft]);

  const form = useForm<CallFormValues, unknown, TCallInput>({ defaultValues: draft.values, resolver, mode: 'onSubmit', reValidateMode: 'onChange' });
  const { control, handleSubmit, watch, setValue, getValues, setError, formState } = form;
  const subjects = useFieldArray({ control, name: 'case.subjects' });
  const errors = formState.errors;
  const err = (path: string): string | undefined => (get(errors as FieldErrors, path) as { message?: string } | undefined)?.message;

  // Every change goes to localStorage at once: a reload or a crash keeps the draft.
  useEffect(() => {
    const sub = watch(() => saveDraft(user.id, { ...draft, values: getValues() }));
    return () => sub.unsubscribe();
  }, [watch, getValues, user.id, draft]);

  const outcome = watch('outcome');
  const category = watch('case.category');
  const provinceCode = watch('case.location.provinceCode');
  const caseId = watch('caseId');
  const attachedReference = watch('ui.attachedReference');

  const submit = useMutation({
    mutationFn: (body: TCallInput) => http.post<TCallCreated>('/api/calls', body),
    onSuccess: onSubmitted,
    onError: (e) => {
      if (e instanceof ApiError && e.offline) setServerProblems([t('app.offlineError')]);
      else setServerProblems(applyServerErrors(e, setError, knownField, serverPath));
    },
  });

  const onValid = (body: TCallInput) => {
    setServerProblems([]);
    if (!submit.isPending) submit.mutate(body);
  };
  const run = handleSubmit(onValid, () => setServerProblems([]));

  const attach = (c: { id: string; reference: string }) => {
    setValue('outcome', 'attached_to_case', { shouldDirty: true });
    setValue('caseId', c.id, { shouldDirty: true, shouldValidate: formState.isSubmitted });
    setValue('ui.attachedReference', c.reference, { shouldDirty: true });
  };
  const detach = () => {
    setValue('caseId', '', { shouldDirty: true });
    setValue('ui.attachedReference', '', { shouldDirty: true });
    setValue('outcome', 'case_opened', { shouldDirty: true });
  };

  return (
    <form
      noValidate
      aria-labelledby="take-call-title"
      onSubmit={(e) => void run(e)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void run();
        }
      }}
      data-testid="call-form"
    >
      <Card
        title={
          <Space size="middle" wrap>
            <Typography.Title level={2} id="take-call-title" style={{ margin: 0, fontSize: 20 }}>
              {t('call.title')}
            </Typography.Title>
            <CallTimer startedAt={draft.startedAt} />
          </Space>
        }
        extra={
          <Popconfirm title={t('call.discardConfirm')} onConfirm={onDiscard} okText={t('call.discard')} cancelText={t('app.cancel')}>
            <Button icon={<DeleteOutlined />}>{t('call.discard')}</Button>
          </Popconfirm>
        }
      >
        {restored ? <Alert type="info" showIcon closable title={t('call.draftRestored')} style={{ marginBottom: 12 }} data-testid="draft-restored" /> : null}

        <section aria-labelledby="sec-caller" className="form-section">
          <h3 id="sec-caller" className="section-title">
            {t('call.caller')}
          </h3>
          <Row gutter={12}>
            <Col xs={24} md={10}>
              <Field label={t('call.phone')} htmlFor="caller-phone" error={err('caller.phone')} help={t('call.phoneHelp')}>
                <Controller
                  control={control}
                  name="caller.phone"
                  render={({ field }) => (
                    <Input
                      {...field}
                      {...ariaFor('caller-phone', err('caller.phone'), true)}
                      autoFocus
                      inputMode="tel"
                      autoComplete="off"
                      prefix={<PhoneOutlined />}
                      status={err('caller.phone') ? 'error' : ''}
                    />
                  )}
                />
              </Field>
            </Col>
            <Col xs={24} md={7}>
              <Field label={t('call.callerName')} htmlFor="caller-name" error={err('caller.name')}>
                <Controller
                  control={control}
                  name="caller.name"
                  render={({ field }) => <Input {...field} {...ariaFor('caller-name', err('caller.name'))} autoComplete="off" />}
                />
              </Field>
            </Col>
            <Col xs={24} md={7}>
              <Field label={t('call.relationship')} htmlFor="caller-relationship" error={err('caller.relationship')}>
                <Controller
                  control={control}
                  name="caller.relationship"
                  render={({ field }) => (
                    <Select
                      {...field}
                      id="caller-relationship"
                      options={CALLER_RELATIONSHIPS.map((r) => ({ value: r, label: t(`relationship.${r}`) }))}
                      style={{ width: '100%' }}
                    />
                  )}
                />
              </Field>
            </Col>
          </Row>
          <CallerHistoryPanel phone={watch('caller.phone')} selectedCaseId={outcome === 'attached_to_case' ? caseId : ''} onAttach={attach} />
        </section>

        <section aria-labelledby="sec-outcome" className="form-section">
          <ChipField label={t('call.outcome')} id="outcome" error={err('outcome') ?? err('caseId')} required>
            <Controller
              control={control}
              name="outcome"
              render={({ field }) => (
                <Radio.Group
                  value={field.value}
                  onChange={(e) => field.onChange(e.target.value)}
                  aria-labelledby="outcome-label"
                  optionType="button"
                  buttonStyle="solid"
                  className="chips"
                  options={CALL_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
                  data-testid="outcome"
                />
              )}
            />
          </ChipField>
          <h3 id="sec-outcome" className="visually-hidden">
            {t('call.outcome')}
          </h3>
          {outcome === 'attached_to_case' && caseId ? (
            <Alert
              type="success"
              showIcon
              title={t('call.attached', { reference: attachedReference || caseId })}
              action={
                <Button size="small" onClick={detach}>
                  {t('call.detach')}
                </Button>
              }
              data-testid="attached-case"
            />
          ) : null}
        </section>

        {outcome === 'case_opened' ? (
          <section aria-labelledby="sec-case" className="form-section" data-testid="case-section">
            <h3 id="sec-case" className="section-title">
              {t('call.caseSection')}
            </h3>
            <ChipField label={t('call.riskLevel')} id="risk" error={err('case.riskLevel')} required>
              <Controller
                control={control}
                name="case.riskLevel"
                render={({ field }) => (
                  <Radio.Group
                    value={field.value || undefined}
                    onChange={(e) => field.onChange(e.target.value)}
                    aria-labelledby="risk-label"
                    aria-invalid={err('case.riskLevel') ? true : undefined}
                    optionType="button"
                    buttonStyle="solid"
                    className="chips risk-chips"
                    options={RISK_LEVELS.map((r) => ({ value: r, label: t(`risk.${r}`), className: `risk-${r}` }))}
                    data-testid="risk-level"
                  />
                )}
              />
            </ChipField>
            <ChipField label={t('call.category')} id="category" error={err('case.category')} required>
              <Controller
                control={control}
                name="case.category"
                render={({ field }) => (
                  <Radio.Group
                    value={field.value || undefined}
                    onChange={(e) => {
                      field.onChange(e.target.value);
                      setValue('case.subCategories', []);
                    }}
                    aria-labelledby="category-label"
                    aria-invalid={err('case.category') ? true : undefined}
                    optionType="button"
                    className="chips"
                    options={CATEGORY_CODES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
                    data-testid="category"
                  />
                )}
              />
            </ChipField>
            {category ? (
              <ChipField label={t('call.subCategories')} id="subcategories" error={err('case.subCategories')}>
                <Controller
                  control={control}
                  name="case.subCategories"
                  render={({ field }) => (
                    <Checkbox.Group
                      value={field.value}
                      onChange={(v) => field.onChange(v)}
                      aria-labelledby="subcategories-label"
                      options={CATEGORIES[category].map((s) => ({ value: s, label: t(`subCategory.${s}`) }))}
                    />
                  )}
                />
              </ChipField>
            ) : null}

            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Field label={t('call.province')} htmlFor="province" error={err('case.location.provinceCode')} required>
                  <Controller
                    control={control}
                    name="case.location.provinceCode"
                    render={({ field }) => (
                      <ProvincePicker
                        id="province"
                        value={field.value}
                        onChange={(v) => {
                          field.onChange(v);
                          setValue('case.location.communeCode', '');
                          setValue('ui.communeName', '');
                        }}
                        onBlur={field.onBlur}
                        status={err('case.location.provinceCode') ? 'error' : ''}
                        allowed={user.allProvinces ? null : user.provinces}
                        aria-describedby={err('case.location.provinceCode') ? 'province-error' : undefined}
                      />
                    )}
                  />
                </Field>
              </Col>
              <Col xs={24} md={8}>
                <Field label={t('call.commune')} htmlFor="commune" error={err('case.location.communeCode')}>
                  <Controller
                    control={control}
                    name="case.location.communeCode"
                    render={({ field }) => (
                      <CommunePicker
                        id="commune"
                        provinceCode={provinceCode}
                        value={field.value}
                        label={getValues('ui.communeName')}
                        onChange={(code, name) => {
                          field.onChange(code);
                          setValue('ui.communeName', name ?? '');
                        }}
                        onBlur={field.onBlur}
                        status={err('case.location.communeCode') ? 'error' : ''}
                      />
                    )}
                  />
                </Field>
              </Col>
              <Col xs={24} md={8}>
                <Field label={t('call.address')} htmlFor="address" error={err('case.location.address')}>
                  <Controller
                    control={control}
                    name="case.location.address"
                    render={({ field }) => <Input {...field} {...ariaFor('address', err('case.location.address'))} autoComplete="off" />}
                  />
                </Field>
              </Col>
            </Row>

            <div className="field-label" id="subjects-label">
              {t('call.subjects')}
            </div>
            {err('case.subjects') ? (
              <div className="field-error" role="alert">
                {err('case.subjects')}
              </div>
            ) : null}
            {subjects.fields.map((s, i) => (
              <fieldset key={s.id} className="subject-row" aria-label={t('call.subject', { n: i + 1 })}>
                <Row gutter={8} align="bottom">
                  <Col xs={24} md={8}>
                    <Field label={t('call.subjectName')} htmlFor={`subject-${i}-name`} error={err(`case.subjects.${i}.name`)}>
                      <Controller
                        control={control}
                        name={`case.subjects.${i}.name`}
                        render={({ field }) => <Input {...field} {...ariaFor(`subject-${i}-name`, err(`case.subjects.${i}.name`))} autoComplete="off" />}
                      />
                    </Field>
                  </Col>
                  <Col xs={8} md={3}>
                    <Field label={t('call.age')} htmlFor={`subject-${i}-age`} error={err(`case.subjects.${i}.ageYears`)}>
                      <Controller
                        control={control}
                        name={`case.subjects.${i}.ageYears`}
                        render={({ field }) => (
                          <InputNumber
                            ref={field.ref}
                            value={field.value}
                            onChange={(v) => field.onChange(typeof v === 'number' ? v : null)}
                            onBlur={field.onBlur}
                            min={0}
                            max={130}
                            precision={0}
                            style={{ width: '100%' }}
                            {...ariaFor(`subject-${i}-age`, err(`case.subjects.${i}.ageYears`))}
                          />
                        )}
                      />
                    </Field>
                  </Col>
                  <Col xs={16} md={5}>
                    <Field label={t('call.gender')} htmlFor={`subject-${i}-gender`}>
                      <Controller
                        control={control}
                        name={`case.subjects.${i}.gender`}
                        render={({ field }) => (
                          <Select
                            {...field}
                            id={`subject-${i}-gender`}
                            options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))}
                            style={{ width: '100%' }}
                          />
                        )}
                      />
                    </Field>
                  </Col>
                  <Col xs={20} md={6}>
                    <Field label={t('call.group')} htmlFor={`subject-${i}-group`}>
                      <Controller
                        control={control}
                        name={`case.subjects.${i}.group`}
                        render={({ field }) => {
                          const age = watch(`case.subjects.${i}.ageYears`);
                          const auto = personGroupOf({ ageYears: age ?? undefined });
                          return (
                            <Select
                              id={`subject-${i}-group`}
                              value={field.value || ''}
                              onChange={(v: string) => field.onChange(v)}
                              options={[
                                { value: '', label: `${t('call.groupAuto')}: ${t(`group.${auto}`)}` },
                                ...PERSON_GROUPS.map((g) => ({ value: g, label: t(`group.${g}`) })),
                              ]}
                              style={{ width: '100%' }}
                            />
                          );
                        }}
                      />
                    </Field>
                  </Col>
                  <Col xs={4} md={2}>
                    <div className="field">
                      <Button
                        aria-label={t('call.removeSubject')}
                        title={t('call.removeSubject')}
                        icon={<DeleteOutlined />}
                        disabled={subjects.fields.length <= 1}
                        onClick={() => subjects.remove(i)}
                      />
                    </div>
                  </Col>
                </Row>
              </fieldset>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => subjects.append(emptySubject())} style={{ marginBottom: 12 }} disabled={subjects.fields.length >= 20}>
              {t('call.addSubject')}
            </Button>

            <Field label={t('call.summary')} htmlFor="summary" error={err('case.summary')} required>
              <Controller
                control={control}
                name="case.summary"
                render={({ field }) => (
                  <Input.TextArea
                    {...field}
                    {...ariaFor('summary', err('case.summary'))}
                    autoSize={{ minRows: 4, maxRows: 12 }}
                    placeholder={t('call.summaryPlaceholder')}
                    maxLength={10_000}
                    status={err('case.summary') ? 'error' : ''}
                  />
                )}
              />
            </Field>
            <Space wrap align="center" style={{ marginBottom: 12 }}>
              <Controller
                control={control}
                name="case.consent.given"
                render={({ field }) => (
                  <Checkbox id="consent-given" checked={field.value} onChange={(e) => field.onChange(e.target.checked)}>
                    {t('call.consent')}
                  </Checkbox>
                )}
              />
              <Controller
                control={control}
                name="case.consent.method"
                render={({ field }) => (
                  <Select
                    {...field}
                    aria-label={t('call.consentMethod')}
                    options={(['verbal', 'written', 'not_possible'] as const).map((m) => ({ value: m, label: t(`consentMethod.${m}`) }))}
                    style={{ minWidth: 160 }}
                  />
                )}
              />
            </Space>
          </section>
        ) : null}

        <section aria-labelledby="sec-notes" className="form-section">
          <Row gutter={12}>
            <Col xs={24} md={18}>
              <Field label={t('call.notes')} htmlFor="notes" error={err('notes')}>
                <Controller
                  control={control}
                  name="notes"
                  render={({ field }) => <Input.TextArea {...field} {...ariaFor('notes', err('notes'))} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />}
                />
              </Field>
            </Col>
            <Col xs={24} md={6}>
              <Field label={t('call.channel')} htmlFor="channel">
                <Controller
                  control={control}
                  name="channel"
                  render={({ field }) => (
                    <Select {...field} id="channel" options={CALL_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} style={{ width: '100%' }} />
                  )}
                />
              </Field>
            </Col>
          </Row>
          <h3 id="sec-notes" className="visually-hidden">
            {t('call.notes')}
          </h3>
        </section>

        {Object.keys(errors).length > 0 && serverProblems.length === 0 ? (
          <Alert type="error" showIcon title={t('call.fixErrors')} style={{ marginBottom: 12 }} data-testid="form-errors" />
        ) : null}
        {serverProblems.length > 0 ? (
          <Alert type="error" showIcon title={t('app.error')} description={serverProblems.join('\n')} style={{ marginBottom: 12, whiteSpace: 'pre-line' }} data-testid="server-errors" />
        ) : null}
        <Space wrap align="center">
          <Button type="primary" size="large" htmlType="submit" loading={submit.isPending} data-testid="submit-call">
            {submit.isPending ? t('call.submitting') : t('call.submit')}
          </Button>
          <span className="muted">{t('call.submitHint')}</span>
          <span className="muted">· {t('call.draftSaved')}</span>
        </Space>
      </Card>
    </form>
  );
}

function CallTimer({ startedAt }: { startedAt: string }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  return (
    <Tag color="blue" aria-label={t('call.timer')} style={{ fontVariantNumeric: 'tabular-nums' }}>
      ⏱ {formatSpan(now - Date.parse(startedAt))}
    </Tag>
  );
}

function CallerHistoryPanel({ phone, selectedCaseId, onAttach }: { phone: string; selectedCaseId: string; onAttach: (c: { id: string; reference: string }) => void }) {
  const { t } = useTranslation();
  const debounced = useDebounced(phone.trim(), 450);
  const usable = ZPhoneInput.safeParse(debounced).success && debounced.replace(/\D/g, '').length >= 6;
  const history = useQuery({
    queryKey: ['caller-lookup', debounced],
    queryFn: () => http.get<TCallerHistory>(`/api/callers/lookup${qs({ phone: debounced })}`),
    enabled: usable,
    retry: false,
    staleTime: 30_000,
  });
  if (!usable) return null;
  if (history.isPending) return <div className="muted" aria-live="polite">{t('call.historyLoading')}</div>;
  if (history.isError) return null;
  const h = history.data;
  if (h.previousCalls.length === 0 && h.openCases.length === 0) {
    return (
      <div className="muted" aria-live="polite" data-testid="caller-history-empty">
        {t('call.historyNone')}
      </div>
    );
  }
  return (
    <Card size="small" className="caller-history" title={`${t('call.history')} · ${h.phoneMasked ?? ''}`} data-testid="caller-history" aria-live="polite">
      {h.openCases.length > 0 ? (
        <>
          <div className="field-label">{t('call.openCases', { count: h.openCases.length })}</div>
          <List
            size="small"
            dataSource={h.openCases}
            renderItem={(c) => (
              <List.Item
                actions={[
                  <Button
                    key="attach"
                    size="small"
                    type={selectedCaseId === c.id ? 'primary' : 'default'}
                    onClick={() => onAttach(c)}
                    data-testid={`attach-${c.reference}`}
                  >
                    {t('call.attach')}
                  </Button>,
                ]}
              >
                <Space wrap>
                  <Link to={`/cases/${c.id}`} target="_blank">
                    <strong>{c.reference}</strong>
                  </Link>
                  <StatusTag status={c.status} />
                  <RiskTag level={c.riskLevel} />
                  <span>{t(`category.${c.category}`)}</span>
                </Space>
              </List.Item>
            )}
          />
        </>
      ) : null}
      {h.previousCalls.length > 0 ? (
        <>
          <div className="field-label">{t('call.previousCalls', { count: h.previousCalls.length })}</div>
          <List
            size="small"
            dataSource={h.previousCalls.slice(0, 5)}
            renderItem={(c) => (
              <List.Item>
                <Space wrap>
                  <span>{formatDateTime(c.startedAt)}</span>
                  <Tag>{t(`outcome.${c.outcome}`)}</Tag>
                </Space>
              </List.Item>
            )}
          />
        </>
      ) : null}
      {h.openCases.length === 0 && h.previousCalls.length === 0 ? <Empty /> : null}
    </Card>
  );
}

