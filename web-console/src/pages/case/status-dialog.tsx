/** Moving a case to another status, with the reason the shared lifecycle asks for (ZStatusChange). */
import { useState } from 'react';
import type { z } from 'zod';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Alert, App, Input, Modal } from 'antd';
import { reasonRequired, ZStatusChange, type TCaseStatus, type TStatusChange } from '@hotline/core';
import { useChangeStatus } from '../../api/cases';
import type { CaseDetail } from '../../api/types';
import { Field, ariaFor } from '../../components/field';
import { applyServerErrors, fieldsOf } from '../../lib/form-errors';

const FIELD_OF = fieldsOf(['reason', 'to']);

export function StatusDialog({ c, to, onClose }: { c: CaseDetail; to: TCaseStatus; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const needsReason = reasonRequired(c.status, to);
  const [problems, setProblems] = useState<string[]>([]);
  const { control, handleSubmit, setError, formState } = useForm<z.input<typeof ZStatusChange>, unknown, TStatusChange>({
    resolver: zodResolver(ZStatusChange),
    defaultValues: { to, reason: '' },
  });
  const change = useChangeStatus(c.id, {
    onSuccess: () => {
      void message.success(t('case.statusChanged'));
      onClose();
    },
    onError: (e) => setProblems(applyServerErrors(e, setError, FIELD_OF, t('app.offlineError'))),
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
      okButtonProps={{ danger: to === 'closed', 'data-testid': 'status-confirm' }}
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
