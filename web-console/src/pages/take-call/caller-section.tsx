/** Who is calling: number (with what the API knows of it), name, relationship. */
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Col, Input, Row, Select } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { CALLER_RELATIONSHIPS } from '@hotline/core';
import { Field, ariaFor } from '../../components/field';
import { useCallFormSection } from '../../lib/use-call-draft';
import { CallerHistoryPanel } from './caller-history';

export function CallerSection({ onAttach }: { onAttach: (c: { id: string; reference: string }) => void }) {
  const { t } = useTranslation();
  const { control, watch, err } = useCallFormSection();
  const outcome = watch('outcome');
  const caseId = watch('caseId');
  return (
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
      <CallerHistoryPanel phone={watch('caller.phone')} selectedCaseId={outcome === 'attached_to_case' ? caseId : ''} onAttach={onAttach} />
    </section>
  );
}
