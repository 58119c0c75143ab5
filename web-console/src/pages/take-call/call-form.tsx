/**
 * The call being taken, section by section in the order of the conversation
 * (caller, outcome, case, notes). Keyboard first: Tab follows the
 * conversation, Ctrl+Enter saves. The draft (useCallDraft) is checked by the
 * API's ZCallInput and kept in localStorage on every keystroke.
 */
import { useState } from 'react';
import { FormProvider } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Popconfirm, Space, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import type { TCallCreated, TCallInput, TSessionUser } from '@hotline/core';
import { useCreateCall } from '../../api/calls';
import type { CallDraft } from '../../lib/call-draft';
import { applyServerErrors } from '../../lib/form-errors';
import { CALL_FIELD_OF, useCallDraft } from '../../lib/use-call-draft';
import { CallTimer } from './call-timer';
import { CallerSection } from './caller-section';
import { CaseSection } from './case-section';
import { NotesSection } from './notes-section';
import { OutcomeSection } from './outcome-section';

export function CallForm({
  user, draft, restored, onSubmitted, onDiscard,
}: { user: TSessionUser; draft: CallDraft; restored: boolean; onSubmitted: (r: TCallCreated) => void; onDiscard: () => void }) {
  const { t } = useTranslation();
  const [serverProblems, setServerProblems] = useState<string[]>([]);
  const { form, attach, detach } = useCallDraft(user.id, draft);
  const { handleSubmit, watch, setError, formState } = form;
  const outcome = watch('outcome');

  const submit = useCreateCall({
    onSuccess: onSubmitted,
    onError: (e) => setServerProblems(applyServerErrors(e, setError, CALL_FIELD_OF, t('app.offlineError'))),
  });
  const onValid = (body: TCallInput) => {
    setServerProblems([]);
    if (!submit.isPending) submit.mutate(body);
  };
  const run = handleSubmit(onValid, () => setServerProblems([]));

  return (
    <FormProvider {...form}>
      <form
        noValidate
        aria-labelledby="take-call-title"
        onSubmit={(e) => void run(e)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void run();
          }
        }}
        data-testid="call-form"
      >
        <Card
          title={
            <Space size="middle" wrap>
              <Typography.Title level={2} id="take-call-title" style={{ margin: 0, fontSize: 20 }}>
                {t('call.title')}
              </Typography.Title>
              <CallTimer startedAt={draft.startedAt} />
            </Space>
          }
          extra={
            <Popconfirm title={t('call.discardConfirm')} onConfirm={onDiscard} okText={t('call.discard')} cancelText={t('app.cancel')}>
              <Button icon={<DeleteOutlined />}>{t('call.discard')}</Button>
            </Popconfirm>
          }
        >
          {restored ? <Alert type="info" showIcon closable title={t('call.draftRestored')} style={{ marginBottom: 12 }} data-testid="draft-restored" /> : null}
          <CallerSection onAttach={attach} />
          <OutcomeSection onDetach={detach} />
          {outcome === 'case_opened' ? <CaseSection user={user} /> : null}
          <NotesSection />

          {Object.keys(formState.errors).length > 0 && serverProblems.length === 0 ? (
            <Alert type="error" showIcon title={t('call.fixErrors')} style={{ marginBottom: 12 }} data-testid="form-errors" />
          ) : null}
          {serverProblems.length > 0 ? (
            <Alert type="error" showIcon title={t('app.error')} description={serverProblems.join('\n')} style={{ marginBottom: 12, whiteSpace: 'pre-line' }} data-testid="server-errors" />
          ) : null}
          <Space wrap align="center">
            <Button type="primary" size="large" htmlType="submit" loading={submit.isPending} data-testid="submit-call">
              {submit.isPending ? t('call.submitting') : t('call.submit')}
            </Button>
            <span className="muted">{t('call.submitHint')}</span>
            <span className="muted">· {t('call.draftSaved')}</span>
          </Space>
        </Card>
      </form>
    </FormProvider>
  );
}
