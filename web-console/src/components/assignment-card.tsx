/**
 * Who holds a case: take it, hand it back, or (supervisors and managers)
 * give it to a colleague of the province; and the triage dialog. Every change
 * goes with the version of the case it was made on (If-Match), so a stale
 * screen cannot overwrite someone else's change. AssignButtons are the same
 * take / hand back actions for a row of a list of cases.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Card, Select, Space } from 'antd';
import { can, type TSessionUser } from '@hotline/core';
import { useAssignCase } from '../api/cases';
import { isMissingEndpoint } from '../api/http';
import type { CaseDetail } from '../api/types';
import { useProvinceStaff } from '../api/users';
import { TriageDialog } from '../pages/case/triage-dialog';

function useAssign() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return useAssignCase({
    onSuccess: () => void message.success(t('case.reassigned')),
    onError: (e) => void message.error(e.message),
  });
}

/** "Take" and "hand back": on the case page, and for a row of a list of cases (without a version, it is read before the change). */
export function AssignButtons({
  c, user, size, disabled,
}: { c: { id: string; assignedCounsellorId: string | null; version?: number }; user: TSessionUser; size?: 'small'; disabled?: boolean }) {
  const { t } = useTranslation();
  const assign = useAssign();
  return (
    <Space size={size === 'small' ? 4 : 8} wrap>
      {c.assignedCounsellorId !== user.id ? (
        <Button size={size} onClick={() => assign.mutate({ caseId: c.id, version: c.version, to: user.id })} disabled={disabled} loading={assign.isPending}>
          {t('case.assignToMe')}
        </Button>
      ) : null}
      {can(user, 'case.reassign') && c.assignedCounsellorId ? (
        <Button size={size} onClick={() => assign.mutate({ caseId: c.id, version: c.version, to: null })} disabled={disabled}>
          {t('case.unassign')}
        </Button>
      ) : null}
    </Space>
  );
}

export function AssignmentCard({ c, user }: { c: CaseDetail; user: TSessionUser }) {
  const { t } = useTranslation();
  const [triageOpen, setTriageOpen] = useState(false);
  const mayReassign = can(user, 'case.reassign');
  const staff = useProvinceStaff(c.provinceCode, mayReassign);
  const assign = useAssign();
  const closed = c.status === 'closed';
  return (
    <Card title={t('case.assignee')} size="small" style={{ marginBottom: 16 }}>
      <Space wrap>
        <AssignButtons c={c} user={user} disabled={closed} />
        {mayReassign && staff.data ? (
          <Select
            aria-label={t('case.reassign')}
            placeholder={t('case.reassign')}
            style={{ minWidth: 200 }}
            disabled={closed}
            options={staff.data.items.map((u) => ({ value: u.id, label: `${u.name} · ${t(`roles.${u.role}`, u.role)}` }))}
            onChange={(v: string) => assign.mutate({ caseId: c.id, version: c.version, to: v })}
          />
        ) : null}
        {mayReassign && staff.isError && !isMissingEndpoint(staff.error) ? <span className="muted">{staff.error.message}</span> : null}
        {can(user, 'case.triage') ? (
          <Button onClick={() => setTriageOpen(true)} disabled={closed} data-testid="triage-open">
            {t('case.triage')}
          </Button>
        ) : null}
      </Space>
      {triageOpen ? <TriageDialog c={c} onClose={() => setTriageOpen(false)} /> : null}
    </Card>
  );
}
