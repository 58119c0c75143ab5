/**
 * What the facility (or the province's supervisors) record on a resident: a
 * care note, a family tracing step, the reunification date, the discharge with
 * its reason. One dialog per action; the server's 400 names the field, shown
 * under it.
 */
import { useTranslation } from 'react-i18next';
import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { DISCHARGE_REASONS, TRACING_STEPS } from '@hotline/core';
import { ApiError } from '../../api/http';
import { useResidentChange, type ResidentChange } from '../../api/residents';

export type ResidentAction = 'notes' | 'tracing' | 'reunification' | 'discharge';

interface Values {
  text?: string;
  step?: string;
  reason?: string;
  at?: Dayjs;
  note?: string;
}

function changeOf(action: ResidentAction, v: Values): ResidentChange {
  const note = v.note?.trim() ? { note: v.note.trim() } : {};
  const at = v.at ? v.at.toISOString() : undefined;
  if (action === 'notes') return { action, body: { text: (v.text ?? '').trim() } };
  if (action === 'tracing') return { action, body: { step: v.step as never, ...(at ? { at } : {}), ...note } };
  if (action === 'reunification') return { action, body: { reunifiedAt: at ?? new Date().toISOString(), ...note } };
  return { action, body: { reason: v.reason as never, ...(at ? { at } : {}), ...note } };
}

/** Server field → form field. */
const FIELD: Record<string, keyof Values> = { text: 'text', step: 'step', reason: 'reason', at: 'at', reunifiedAt: 'at', note: 'note' };

export function ResidentActionDialog({ residentId, action, onClose }: { residentId: string; action: ResidentAction; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const change = useResidentChange(residentId, {
    onSuccess: onClose,
    onError: (e) => {
      const issues = e instanceof ApiError ? e.issues.filter((i) => FIELD[i.path]) : [];
      if (issues.length) form.setFields(issues.map((i) => ({ name: FIELD[i.path]!, errors: [i.message] })));
      else setProblem(e.message);
    },
  });
  const required = [{ required: true, message: t('residents.required') }];
  const dateLabel = action === 'reunification' ? t('residents.reunifiedAt') : action === 'discharge' ? t('residents.dischargedAt') : t('residents.when');

  return (
    <Modal
      open
      title={t(`residents.action.${action}`)}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      confirmLoading={change.isPending}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => change.mutate(changeOf(action, v)))}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ at: action === 'notes' ? undefined : dayjs() }} data-testid={`resident-${action}-form`}>
        {action === 'notes' ? (
          <Form.Item name="text" label={t('residents.noteText')} rules={required}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        ) : null}
        {action === 'tracing' ? (
          <Form.Item name="step" label={t('residents.tracingStep')} rules={required}>
            <Select options={TRACING_STEPS.map((s) => ({ value: s, label: t(`residents.tracing.${s}`) }))} />
          </Form.Item>
        ) : null}
        {action === 'discharge' ? (
          <Form.Item name="reason" label={t('residents.dischargeReason')} rules={required}>
            <Select options={DISCHARGE_REASONS.map((s) => ({ value: s, label: t(`residents.reason.${s}`) }))} data-testid="discharge-reason" />
          </Form.Item>
        ) : null}
        {action !== 'notes' ? (
          <Form.Item name="at" label={dateLabel} rules={action === 'reunification' ? required : []}>
            <DatePicker showTime format="DD/MM/YYYY HH:mm" disabledDate={(d) => d.isAfter(dayjs())} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        {action !== 'notes' ? (
          <Form.Item name="note" label={t('residents.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        ) : null}
        {problem ? <Alert type="error" showIcon title={problem} /> : null}
      </Form>
    </Modal>
  );
}
