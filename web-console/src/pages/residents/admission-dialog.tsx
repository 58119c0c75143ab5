/**
 * Admitting the person of an accepted referral into the facility, prefilled
 * from the case (who, their group); the facility adds the legal basis, the
 * decision number, the bed and the date. Admitting twice answers the same
 * resident.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { PERSON_GROUPS, type TPersonGroup } from '@hotline/core';
import { ApiError } from '../../api/http';
import { useAdmissionDraft, useAdmit } from '../../api/residents';
import { Loading, QueryError } from '../../components/query-state';

interface Values {
  subjectIndex: number;
  name?: string;
  group: TPersonGroup;
  legalBasis: string;
  decisionNumber?: string;
  bed?: string;
  admittedAt?: Dayjs;
}
const FIELDS = ['subjectIndex', 'name', 'group', 'legalBasis', 'decisionNumber', 'bed', 'admittedAt'];

export function AdmissionDialog({ referralId, onClose }: { referralId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const draft = useAdmissionDraft(referralId);
  const admit = useAdmit({
    onSuccess: (r) => {
      onClose();
      void navigate(`/residents/${r.id}`);
    },
    onError: (e) => {
      const issues = e instanceof ApiError ? e.issues.filter((i) => FIELDS.includes(i.path)) : [];
      if (issues.length) form.setFields(issues.map((i) => ({ name: i.path as keyof Values, errors: [i.message] })));
      else setProblem(e.message);
    },
  });
  const subjects = draft.data?.subjects ?? [];
  const pick = (index: number) => form.setFieldsValue({ group: subjects[index]?.group, name: subjects[index]?.name ?? '' });

  return (
    <Modal
      open
      title={`${t('residents.admit')} · ${draft.data?.caseReference ?? ''}`}
      okText={t('residents.admit')}
      cancelText={t('app.cancel')}
      confirmLoading={admit.isPending}
      onCancel={onClose}
      okButtonProps={{ disabled: !draft.data, 'data-testid': 'admission-submit' }}
      onOk={() =>
        void form.validateFields().then((v) =>
          admit.mutate({
            referralId, subjectIndex: v.subjectIndex, group: v.group, legalBasis: v.legalBasis.trim(),
            ...(v.name?.trim() ? { name: v.name.trim() } : {}),
            ...(v.decisionNumber?.trim() ? { decisionNumber: v.decisionNumber.trim() } : {}),
            ...(v.bed?.trim() ? { bed: v.bed.trim() } : {}),
            ...(v.admittedAt ? { admittedAt: v.admittedAt.toISOString() } : {}),
          }),
        )
      }
      destroyOnHidden
    >
      {draft.isPending ? <Loading /> : draft.isError ? <QueryError error={draft.error} /> : (
        <Form form={form} layout="vertical" data-testid="admission-form" initialValues={{ subjectIndex: 0, group: subjects[0]?.group, name: subjects[0]?.name ?? '', admittedAt: dayjs() }}>
          <Form.Item name="subjectIndex" label={t('residents.person')} rules={[{ required: true, message: t('residents.required') }]}>
            <Select
              onChange={(i: number) => pick(i)}
              options={subjects.map((s) => ({
                value: s.index,
                disabled: s.residentId !== null,
                label: `${s.name ?? t('residents.noName')}${s.ageYears !== null ? ` (${t('residents.ageN', { n: s.ageYears })})` : ''}${s.residentId ? ` — ${t('residents.alreadyAdmitted')}` : ''}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t('residents.name')} extra={subjects.some((x) => x.name === null) ? t('residents.nameWithheld') : undefined}>
            <Input maxLength={200} id="admission-name" />
          </Form.Item>
          <Form.Item name="group" label={t('residents.group')} rules={[{ required: true, message: t('residents.required') }]}>
            <Select options={PERSON_GROUPS.map((g) => ({ value: g, label: t(`group.${g}`) }))} />
          </Form.Item>
          <Form.Item name="legalBasis" label={t('residents.legalBasis')} rules={[{ required: true, whitespace: true, message: t('residents.required') }]} extra={t('residents.legalBasisHelp')}>
            <Input maxLength={300} id="admission-legal-basis" />
          </Form.Item>
          <Form.Item name="decisionNumber" label={t('residents.decisionNumber')}>
            <Input maxLength={100} placeholder="12/QĐ-TTCTXH" />
          </Form.Item>
          <Form.Item name="bed" label={t('residents.bed')}>
            <Input maxLength={60} id="admission-bed" />
          </Form.Item>
          <Form.Item name="admittedAt" label={t('residents.admittedAt')}>
            <DatePicker showTime format="DD/MM/YYYY HH:mm" disabledDate={(d) => d.isAfter(dayjs())} style={{ width: '100%' }} />
          </Form.Item>
          {problem ? <Alert type="error" showIcon title={problem} /> : null}
        </Form>
      )}
    </Modal>
  );
}
