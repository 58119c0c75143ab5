/** The people at risk: name, age, gender and group (worked out from the age unless chosen), a child's own consent from 7; up to 20. */
import { Controller, useFieldArray } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Col, Input, InputNumber, Row, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { GENDERS, PERSON_GROUPS, needsOwnConsent, personGroupOf } from '@hotline/core';
import { Field, ariaFor } from '../../components/field';
import { emptySubject } from '../../lib/call-draft';
import { useCallFormSection } from '../../lib/use-call-draft';

export function SubjectsFields() {
  const { t } = useTranslation();
  const { control, watch, err } = useCallFormSection();
  const subjects = useFieldArray({ control, name: 'case.subjects' });
  return (
    <>
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
          {needsOwnConsent({ group: watch(`case.subjects.${i}.group`) || personGroupOf({ ageYears: watch(`case.subjects.${i}.ageYears`) ?? undefined }), ageYears: watch(`case.subjects.${i}.ageYears`) ?? undefined }) ? (
            <Controller
              control={control}
              name={`case.subjects.${i}.ownConsent`}
              render={({ field }) => (
                <Checkbox id={`subject-${i}-own-consent`} checked={field.value === true} onChange={(e) => field.onChange(e.target.checked)} style={{ marginBottom: 8 }}>
                  {t('call.ownConsent')}
                </Checkbox>
              )}
            />
          ) : null}
        </fieldset>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => subjects.append(emptySubject())} style={{ marginBottom: 12 }} disabled={subjects.fields.length >= 20}>
        {t('call.addSubject')}
      </Button>
    </>
  );
}
