/** The status changes the user's role may make from the case's current status, each asking in a dialog. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Space } from 'antd';
import { allowedTransitions, can, type TCaseStatus, type TSessionUser } from '@hotline/core';
import type { CaseDetail } from '../../api/types';
import { StatusDialog } from './status-dialog';

export function StatusActions({ c, user }: { c: CaseDetail; user: TSessionUser }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<TCaseStatus | null>(null);
  const options = can(user, 'case.status') ? allowedTransitions(c.status) : [];
  return (
    <Card title={t('case.actions')} size="small" style={{ marginBottom: 16 }} data-testid="status-actions">
      {options.length === 0 ? (
        <span className="muted">{t('case.actionsNone')}</span>
      ) : (
        <Space wrap>
          {options.map((to) => (
            <Button key={to} onClick={() => setTarget(to)} danger={to === 'closed'} data-testid={`status-to-${to}`}>
              {t('case.moveTo', { status: t(`status.${to}`) })}
            </Button>
          ))}
        </Space>
      )}
      {target ? <StatusDialog c={c} to={target} onClose={() => setTarget(null)} /> : null}
    </Card>
  );
}
