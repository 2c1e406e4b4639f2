import { Button } from 'antd';
import { useI18n } from '../i18n';

/** 加载更多 under a keyset-paged list: shown while the server says there is a next page. */
export function LoadMore({
  more,
  loading,
  onLoad,
  testId,
}: {
  more: boolean;
  loading: boolean;
  onLoad: () => void;
  testId: string;
}) {
  const { t } = useI18n();
  if (!more) return null;
  return (
    <div style={{ textAlign: 'center', marginTop: 16 }}>
      <Button onClick={onLoad} loading={loading} data-testid={testId}>
        {t('inbox.loadMore')}
      </Button>
    </div>
  );
}
