import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { api, type Department } from './api';
import { useI18n } from './i18n';

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again with the same inputs, keeping the current data on screen meanwhile. */
  reload: () => void;
}

/**
 * Runs `load` whenever `deps` change and aborts the request when they change again or the component
 * unmounts, so a slow answer for an old id never overwrites a newer one.
 */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);

  // `deps` are the caller's inputs of `load`; `load` itself is a new closure every render.
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    load(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [...deps, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload };
}

// Departments change rarely; one request per page load is enough for every screen.
let departmentsCache: Promise<Department[]> | null = null;

function loadDepartments(): Promise<Department[]> {
  departmentsCache ??= api.departments().catch((err: unknown) => {
    departmentsCache = null;
    throw err;
  });
  return departmentsCache;
}

/** After an admin changed departments: the next screen loads them again. */
export function forgetDepartments(): void {
  departmentsCache = null;
}

/** The department list plus a lookup that names a department id in the current language. */
export function useDepartments(): {
  departments: Department[];
  departmentName: (id: string | null) => string;
} {
  const { pick } = useI18n();
  const { data } = useApi(() => loadDepartments(), []);
  const departments = data ?? [];
  const departmentName = (id: string | null): string => {
    if (!id) return '—';
    const found = departments.find((d) => d.id === id);
    return found ? pick(found.name) : id;
  };
  return { departments, departmentName };
}
