import { ApiError, type ApiLanguage } from './api';
import { labelled, type Translate } from './i18n';

/**
 * One line for a toast: the server's message plus the field paths it complained about, in the
 * current language (the server sends both, so a message shown before a language switch follows it).
 * Chinese takes full-width brackets and semicolons: "请求数据不合法（form.area：应大于 0；…）".
 */
export function errorText(t: Translate, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('common.networkError');
    const language = t('lang.api') as ApiLanguage;
    const details = err.details
      .map((d) => labelled(t, d.path, d.messages?.[language] ?? d.message))
      .join(t('common.detailSeparator'));
    const message = err.messageIn(language);
    return details ? t('common.withDetails', { message, details }) : message;
  }
  return err instanceof Error ? err.message : t('common.error');
}
