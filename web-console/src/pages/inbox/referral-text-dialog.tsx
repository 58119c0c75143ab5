/**
 * The text that goes with a partner's answer: a reason to decline
 * (ZReferralAnswer), a note on first contact or completion (ZReferralContact)
 * or a follow-up note on the case (ZNoteInput), checked by that schema.
 */
import { useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert, Input, Modal } from 'antd';
import { ZNoteInput, ZReferralAnswer, ZReferralContact } from '@hotline/core';
import type { ReferralAction } from '../../api/referrals';
import { Field } from '../../components/field';
import { applyServerErrors, fieldsOf, schemaResolver } from '../../lib/form-errors';

interface Values {
  text: string;
}
type Body = Record<string, unknown>;

/** Whichever body the action sends, its text is this form's one field. */
const FIELD_OF = fieldsOf(['text'], [[/^(reason|note)$/, 'text']]);

function bodyOf(action: ReferralAction, text: string) {
  const trimmed = text.trim();
  if (action === 'follow_up') return { schema: ZNoteInput, body: { kind: 'follow_up', text: trimmed } };
  if (action === 'decline') return { schema: ZReferralAnswer, body: trimmed ? { reason: trimmed } : {} };
  return { schema: ZReferralContact, body: trimmed ? { note: trimmed } : {} };
}

export function ReferralTextDialog({ action, busy, onCancel, onOk }: { action: ReferralAction; busy: boolean; onCancel: () => void; onOk: (text: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [problems, setProblems] = useState<string[]>([]);
  const resolver = useMemo(() => schemaResolver<Values, Body>(bodyOf(action, '').schema, (v) => bodyOf(action, v.text).body, FIELD_OF), [action]);
  const { control, handleSubmit, getValues, setError, formState } = useForm<Values, unknown, Body>({ resolver, defaultValues: { text: '' } });
  const required = action === 'follow_up';
  const label = action === 'decline' ? t('inbox.declineReason') : action === 'follow_up' ? t('inbox.followUpText') : t('inbox.contactNote');
  const title = t(`inbox.${action === 'follow_up' ? 'followUp' : action}`);
  const fieldError = formState.errors.text;
  // An empty required text says what to do rather than zod's length message.
  const error = fieldError ? (fieldError.type === 'too_small' ? t('case.reasonRequired') : fieldError.message) : undefined;
  const submit = handleSubmit(() => {
    setProblems([]);
    return onOk(getValues('text').trim()).catch((e: unknown) => setProblems(applyServerErrors(e, setError, FIELD_OF, t('app.offlineError'))));
  });
  return (
    <Modal open title={title} onCancel={onCancel} confirmLoading={busy} okText={t('app.save')} cancelText={t('app.cancel')} onOk={() => void submit()}>
      <Field label={label} htmlFor="inbox-text" error={error} required={required}>
        <Controller
          control={control}
          name="text"
          render={({ field }) => (
            <Input.TextArea {...field} id="inbox-text" autoFocus autoSize={{ minRows: 3 }} maxLength={2000} aria-invalid={error ? true : undefined} />
          )}
        />
      </Field>
      {problems.length ? <Alert type="error" showIcon title={problems.join('; ')} /> : null}
    </Modal>
  );
}
