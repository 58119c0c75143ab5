/** Adding a note to a case (ZNoteInput): a kind and the text. */
import { useState } from 'react';
import type { z } from 'zod';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Card, Input, Select } from 'antd';
import { NOTE_KINDS, ZNoteInput, type TNoteInput } from '@hotline/core';
import { useAddNote } from '../../api/cases';
import { Field, ariaFor } from '../../components/field';
import { applyServerErrors, fieldsOf } from '../../lib/form-errors';

const FIELD_OF = fieldsOf(['text', 'kind']);

export function NoteForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<string[]>([]);
  const { control, handleSubmit, reset, setError, formState } = useForm<z.input<typeof ZNoteInput>, unknown, TNoteInput>({
    resolver: zodResolver(ZNoteInput),
    defaultValues: { text: '', kind: 'note' },
  });
  const add = useAddNote(caseId, {
    onSuccess: () => {
      reset({ text: '', kind: 'note' });
      setProblems([]);
      void message.success(t('case.noteAdded'));
    },
    onError: (e) => setProblems(applyServerErrors(e, setError, FIELD_OF, t('app.offlineError'))),
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
