/** The legal clock and the quiet hours for reminders, as set now. */
import { useTranslation } from 'react-i18next';
import { Button, Descriptions } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import type { TSlaSettingsView } from '@hotline/core';
import { minutesText } from './admin-common';

export function LegalAndQuiet({ view, onEdit }: { view: TSlaSettingsView; onEdit: () => void }) {
  const { t } = useTranslation();
  const lc = view.policySet.legalClock;
  const q = view.quietHours;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      data-testid="sla-legal"
      title={<span style={{ fontSize: 14 }}>{t('admin.sla.legalAndQuiet')}</span>}
      extra={
        <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="sla-legal-edit">
          {t('admin.edit')}
        </Button>
      }
      items={[
        { key: 'within', label: t('admin.sla.legalWindow'), children: <span title={lc.legalBasis}>{t('admin.sla.hoursCount', { count: lc.withinHours })}</span> },
        { key: 'before', label: t('admin.sla.escalateBefore'), children: lc.escalateBeforeMinutes.length ? lc.escalateBeforeMinutes.map((m) => minutesText(t, m)).join(', ') : '—' },
        {
          key: 'applies',
          label: t('admin.sla.legalApplies'),
          children: (
            <span>
              {[...lc.categories, ...lc.childSubjectCategories].map((c) => t(`category.${c}`, c)).join(', ')} · {lc.riskLevels.map((r) => t(`risk.${r}`)).join(', ')}
            </span>
          ),
        },
        {
          key: 'quiet',
          label: t('admin.sla.quietHours'),
          children: q.enabled ? (
            <span data-testid="quiet-hours">
              {q.from}–{q.to}
              <span className="muted"> · {t('admin.sla.exempt', { levels: q.exemptRiskLevels.map((r) => t(`risk.${r}`)).join(', ') })}</span>
            </span>
          ) : (
            <span data-testid="quiet-hours">{t('admin.sla.quietOff')}</span>
          ),
        },
      ]}
    />
  );
}
