/** The case a call opens: risk and category chips, details, place, the people at risk, the summary and the caller's consent. */
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Checkbox, Input, Radio, Select, Space } from 'antd';
import { CATEGORIES, CATEGORY_CODES, RISK_LEVELS, type TSessionUser } from '@hotline/core';
import { ChipField, Field, ariaFor } from '../../components/field';
import { useCallFormSection } from '../../lib/use-call-draft';
import { LocationFields } from './location-fields';
import { SubjectsFields } from './subjects-fields';

export function CaseSection({ user }: { user: TSessionUser }) {
  const { t } = useTranslation();
  const { control, watch, setValue, err } = useCallFormSection();
  const category = watch('case.category');
  return (
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

      <LocationFields user={user} />

      <SubjectsFields />

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
  );
}
