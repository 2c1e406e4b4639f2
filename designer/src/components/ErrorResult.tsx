import { Button, Result } from 'antd';
import { ApiError } from '../api';
import { errorText } from '../errors';
import { useT } from '../i18n';

/** Full-page error for a failed load: 404/403 get their own pictures, everything else a retry. */
export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const status =
    error instanceof ApiError && (error.status === 404 || error.status === 403) ? error.status : 'error';
  return (
    <Result
      status={status}
      title={t('common.error')}
      subTitle={errorText(t, error)}
      extra={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}
