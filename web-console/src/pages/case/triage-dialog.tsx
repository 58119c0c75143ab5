/** Changing a case's risk level, category and details (ZCaseTriagePatch), sent with the version read (If-Match). */
import { useState } from 'react';
import type { z } from 'zod';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { Alert, App, Checkbox, Modal, Radio } from 'antd';
import { CATEGORIES, CATEGORY_CODES, RISK_LEVELS, ZCaseTriagePatch, type TCaseTriagePatch } from '@hotline/core';
import { useTriageCase } from '../../api/cases';
import type { CaseDetail } from '../../api/types';
import { ChipField } from '../../components/field';
import { applyServerErrors, fieldsOf } from '../../lib/form-errors';

const FIELD_OF = fieldsOf(['category', 'riskLevel', 'subCategories'], [[/^subCategories\.\d+$/, 'subCategories']]);

export function TriageDialog({ c, onClose }: { c: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<string[]>([]);
  const { control, handleSubmit, watch, setValue, setError, formState } = useForm<z.input<typeof ZCaseTriagePatch>, unknown, TCaseTriagePatch>({
    resolver: zodResolver(ZCaseTriagePatch),
    defaultValues: { category: c.category, riskLevel: c.riskLevel, subCategories: c.subCategories },
  });
  const category = watch('category');
  const patch = useTriageCase(c, {
    onSuccess: () => {
      void message.success(t('case.triaged'));
      onClose();
    },
    onError: (e) => setProblems(applyServerErrors(e, setError, FIELD_OF, t('app.offlineError'))),
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
