import type { Schemas } from '@yijian/api-client';
import { useState } from 'react';
import { client, data } from './api';
import { useApi } from './useApi';

export type Rectification = Schemas['Rectification'];
type RectificationPage = Schemas['RectificationPage'];
export type RectificationStatus = 'open' | 'resolved' | 'all';

const PAGE_SIZE = 50;

/** The loaded pages of one list, tied to the first page they follow (a new filter starts over). */
interface Loaded {
  first: RectificationPage;
  rows: Rectification[];
  nextCursor: string | null;
}

/**
 * 差评整改 by deadline, a page at a time: the first page follows the filter, `loadMore` appends
 * the next (加载更多) by the server's keyset cursor, and `replace` puts a row answered here in
 * place without reloading the pages already read.
 */
export function useRectificationList(query: { status: RectificationStatus; departmentId?: string }) {
  const { status, departmentId } = query;
  const firstPage = useApi(
    (signal) =>
      data(
        client.GET('/api/rectifications', {
          params: { query: { status, limit: PAGE_SIZE, ...(departmentId ? { departmentId } : {}) } },
          signal,
        }),
      ),
    [status, departmentId],
  );
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const first = firstPage.data;
  const current: Loaded | null = first
    ? loaded?.first === first
      ? loaded
      : { first, rows: first.rectifications, nextCursor: first.nextCursor }
    : null;

  const loadMore = async () => {
    if (!current?.nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await data(
        client.GET('/api/rectifications', {
          params: {
            query: {
              status,
              limit: PAGE_SIZE,
              cursor: current.nextCursor,
              ...(departmentId ? { departmentId } : {}),
            },
          },
        }),
      );
      setLoaded({ ...current, rows: [...current.rows, ...page.rectifications], nextCursor: page.nextCursor });
    } finally {
      setLoadingMore(false);
    }
  };

  const replace = (row: Rectification) => {
    if (current) setLoaded({ ...current, rows: current.rows.map((r) => (r.id === row.id ? row : r)) });
  };

  return {
    rows: current?.rows,
    nextCursor: current?.nextCursor ?? null,
    error: firstPage.error,
    loading: firstPage.loading,
    loadingMore,
    reload: firstPage.reload,
    loadMore,
    replace,
  };
}
