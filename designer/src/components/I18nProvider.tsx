import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { type I18n, I18nContext, initialLang, type Lang, persistLang, translate } from '../i18n';

const theme = { token: { colorPrimary: '#1f5fbf', borderRadius: 6 } };

/** Holds the language, and switches antd's own texts (pagination, empty states…) along with ours. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  // antd's date pickers and calendar name weekdays and months through dayjs's locale; set it
  // before the children render, so the first paint is already in the right language.
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang: (next) => {
        persistLang(next);
        setLangState(next);
      },
      t: (key, vars) => translate(lang, key, vars),
      pick: (name) => (name ? name[lang] || name.zh : '—'),
    }),
    [lang],
  );

  return (
    <I18nContext value={value}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext>
  );
}
