import { Alert, Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';

export function Loading() {
  return (
    <div className="center-page">
      <Spin size="large" />
    </div>
  );
}

export function QueryError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const offline = error instanceof ApiError && error.offline;
  return (
    <Alert
      type="error"
      showIcon
      title={offline ? t('app.offlineError') : t('app.error')}
      description={offline ? undefined : (error as Error)?.message}
      action={retry ? <Button onClick={retry}>{t('app.retry')}</Button> : undefined}
    />
  );
}
