/** What the call came to: a new case, attached to an open case, or logged only. */
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Radio } from 'antd';
import { CALL_OUTCOMES } from '@hotline/core';
import { ChipField } from '../../components/field';
import { useCallFormSection } from '../../lib/use-call-draft';

export function OutcomeSection({ onDetach }: { onDetach: () => void }) {
  const { t } = useTranslation();
  const { control, watch, err } = useCallFormSection();
  const outcome = watch('outcome');
  const caseId = watch('caseId');
  const attachedReference = watch('ui.attachedReference');
  return (
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
            <Button size="small" onClick={onDetach}>
              {t('call.detach')}
            </Button>
          }
          data-testid="attached-case"
        />
      ) : null}
    </section>
  );
}
