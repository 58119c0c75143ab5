/**
 * What the SLA dialogs share: the settings with one change as the PUT body
 * (checked whole by ZSlaSettingsInput: a policy must also fit the legal
 * clock), saving them, and naming an issue about another part of the set.
 */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { App } from 'antd';
import type { TSlaSettingsInput, TSlaSettingsView } from '@hotline/core';
import { ApiError } from '../../api/http';
import { useRefreshSlaSettings, useSaveSlaSettings } from '../../api/sla';
import type { Issue } from '../../lib/form-errors';
import { localIssue } from './admin-common';

/** The settings with one change, as the PUT body. */
export function settingsInput(view: TSlaSettingsView, change: Partial<TSlaSettingsInput>): unknown {
  // The version read goes with the save: the API refuses it (409) when another admin saved in between.
  return { policySet: view.policySet, quietHours: view.quietHours, calendar: view.calendar, version: view.version, ...change };
}

/** "Nhận ca · Tư vấn viên" for an issue about another policy of the set. */
function describeOther(t: TFunction, view: TSlaSettingsView, path: string[]): string {
  const [, what, index, ...rest] = path;
  if (what === 'policies' && index !== undefined) {
    const p = view.policySet.policies[Number(index)];
    if (p) return `${t(`category.${p.category}`, p.category)} × ${t(`risk.${p.riskLevel}`)}${rest.length ? ` (${rest.join('.')})` : ''}`;
  }
  return path.join('.');
}

/** The issues no field of a dialog shows, each naming the part of the set it is about. */
export const describeIssues = (t: TFunction, view: TSlaSettingsView, issues: Issue[]) =>
  issues.map((i) => `${describeOther(t, view, i.path.split('.'))}: ${localIssue(t, i.message)}`);

export function useSaveSettings(onDone: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefreshSlaSettings();
  return useSaveSlaSettings({
    onSuccess: (view) => {
      void message.success(t('admin.sla.saved', { version: view.version }));
      onDone();
    },
    onError: (e) => {
      // Someone else saved first: show their settings; the editor applies the change again on top.
      if (e instanceof ApiError && e.status === 409) {
        void message.warning(t('admin.sla.staleVersion'));
        refresh();
      }
    },
  });
}
