/**
 * The call form bound to its draft: react-hook-form over the draft's values,
 * checked by the API's own ZCallInput on the body it will send, written to
 * localStorage on every change (a reload or a crash keeps it), and the
 * attach / detach of an open case found from the caller's number.
 */
import { useEffect, useMemo } from 'react';
import { useForm, useFormContext } from 'react-hook-form';
import { ZCallInput, type TCallInput } from '@hotline/core';
import { saveDraft, toCallPayload, type CallDraft, type CallFormValues } from './call-draft';
import { errorAt, fieldsOf, schemaResolver } from './form-errors';

/** The fields of the call form; an issue about one sub-category shows on the list. */
export const CALL_FIELD_OF = fieldsOf(
  [
    'channel', 'caller.phone', 'caller.name', 'caller.relationship', 'outcome', 'caseId', 'notes', 'case.category', 'case.subCategories',
    'case.riskLevel', 'case.subjects', 'case.location.provinceCode', 'case.location.communeCode', 'case.location.address', 'case.summary',
    /^case\.subjects\.\d+\.(name|ageYears|gender|group)$/,
  ],
  [[/^case\.subCategories\.\d+$/, 'case.subCategories']],
);

export function useCallDraft(userId: string, draft: CallDraft) {
  const resolver = useMemo(() => schemaResolver<CallFormValues, TCallInput>(ZCallInput, (v) => toCallPayload(v, draft), CALL_FIELD_OF), [draft]);
  const form = useForm<CallFormValues, unknown, TCallInput>({ defaultValues: draft.values, resolver, mode: 'onSubmit', reValidateMode: 'onChange' });
  const { watch, getValues, setValue, formState } = form;

  // Every change goes to localStorage at once: a reload or a crash keeps the draft.
  useEffect(() => {
    const sub = watch(() => saveDraft(userId, { ...draft, values: getValues() }));
    return () => sub.unsubscribe();
  }, [watch, getValues, userId, draft]);

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
  return { form, attach, detach };
}

/** Inside a section of the call form: its form and the error message of a field. */
export function useCallFormSection() {
  const form = useFormContext<CallFormValues, unknown, TCallInput>();
  const err = (path: string): string | undefined => errorAt(form.formState.errors, path)?.message;
  return { ...form, err };
}
