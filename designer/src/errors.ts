import { ApiError } from './api';
import type { Translate } from './i18n';

/** One line for a toast: the server's own message plus the field paths it complained about. */
export function errorText(t: Translate, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('common.networkError');
    const details = err.details.map((d) => `${d.path}: ${d.message}`).join('; ');
    return details ? `${err.message} (${details})` : err.message;
  }
  return err instanceof Error ? err.message : t('common.error');
}
