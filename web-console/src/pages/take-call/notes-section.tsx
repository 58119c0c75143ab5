/** Notes on the call and its channel. */
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Col, Input, Row, Select } from 'antd';
import { CALL_CHANNELS } from '@hotline/core';
import { Field, ariaFor } from '../../components/field';
import { useCallFormSection } from '../../lib/use-call-draft';

export function NotesSection() {
  const { t } = useTranslation();
  const { control, err } = useCallFormSection();
  return (
    <section aria-labelledby="sec-notes" className="form-section">
      <Row gutter={12}>
        <Col xs={24} md={18}>
          <Field label={t('call.notes')} htmlFor="notes" error={err('notes')}>
            <Controller
              control={control}
              name="notes"
              render={({ field }) => <Input.TextArea {...field} {...ariaFor('notes', err('notes'))} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />}
            />
          </Field>
        </Col>
        <Col xs={24} md={6}>
          <Field label={t('call.channel')} htmlFor="channel">
            <Controller
              control={control}
              name="channel"
              render={({ field }) => (
                <Select {...field} id="channel" options={CALL_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} style={{ width: '100%' }} />
              )}
            />
          </Field>
        </Col>
      </Row>
      <h3 id="sec-notes" className="visually-hidden">
        {t('call.notes')}
      </h3>
    </section>
  );
}
