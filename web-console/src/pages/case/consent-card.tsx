/**
 * Consent on the case page: the caller's, each child's own (from 7), and a
 * supervisor's override with its reason. Without complete consent partners
 * see no names; supervisors, managers and admins may override with a reason,
 * which is recorded, audited and shown here.
 */
import { useState } from 'react';
import type { z } from 'zod';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Card, Input, Modal } from 'antd';
import { can, consentComplete, ZConsentOverrideInput, type TConsentOverrideInput, type TSessionUser } from '@hotline/core';
import { useOverrideConsent } from '../../api/cases';
import type { CaseDetail } from '../../api/types';
import { Field, ariaFor } from '../../components/field';
import { applyServerErrors, fieldsOf } from '../../lib/form-errors';
import { formatDateTime } from '../../lib/time';

const FIELD_OF = fieldsOf(['reason']);

function OverrideDialog({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<string[]>([]);
  const { control, handleSubmit, setError, formState } = useForm<z.input<typeof ZConsentOverrideInput>, unknown, TConsentOverrideInput>({
    resolver: zodResolver(ZConsentOverrideInput),
    defaultValues: { reason: '' },
  });
  const override = useOverrideConsent(caseId, {
    onSuccess: () => {
      void message.success(t('consent.overridden'));
      onClose();
    },
    onError: (e) => setProblems(applyServerErrors(e, setError, FIELD_OF, t('app.offlineError'))),
  });
  const submit = handleSubmit((v) => override.mutate(v));
  return (
    <Modal
      open
      title={t('consent.overrideTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('consent.overrideConfirm')}
      cancelText={t('app.cancel')}
      confirmLoading={override.isPending}
      okButtonProps={{ danger: true, 'data-testid': 'consent-override-confirm' }}
    >
      <Alert type="warning" showIcon title={t('consent.overrideWarning')} style={{ marginBottom: 12 }} />
      <form onSubmit={(ev) => void submit(ev)}>
        <Field label={t('consent.reason')} htmlFor="consent-override-reason" error={formState.errors.reason?.message} required>
          <Controller
            control={control}
            name="reason"
            render={({ field }) => <Input.TextArea {...field} {...ariaFor('consent-override-reason', formState.errors.reason?.message)} autoFocus autoSize={{ minRows: 3 }} maxLength={1000} />}
          />
        </Field>
        {problems.length ? <Alert type="error" showIcon title={problems.join('; ')} /> : null}
      </form>
    </Modal>
  );
}

export function ConsentCard({ c, user }: { c: CaseDetail; user: TSessionUser }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const complete = consentComplete(c);
  const o = c.consentOverride;
  return (
    <Card title={t('consent.title')} size="small" style={{ marginBottom: 16 }} data-testid="consent-card">
      {o ? (
        <Alert
          type="warning"
          showIcon
          data-testid="consent-override"
          title={t('consent.overriddenBy', { name: o.byName ?? o.byId, at: formatDateTime(o.at) })}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{o.reason}</span>}
        />
      ) : complete ? (
        <Alert type="success" showIcon title={t('consent.complete')} />
      ) : (
        <Alert type="info" showIcon title={t('consent.incomplete')} />
      )}
      {!o && !complete && can(user, 'case.consent_override') ? (
        <Button danger style={{ marginTop: 12 }} onClick={() => setOpen(true)} data-testid="consent-override-open">
          {t('consent.override')}
        </Button>
      ) : null}
      {open ? <OverrideDialog caseId={c.id} onClose={() => setOpen(false)} /> : null}
    </Card>
  );
}
