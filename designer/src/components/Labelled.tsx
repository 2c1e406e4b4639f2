import type { ReactNode } from 'react';
import { labelled, useI18n } from '../i18n';

/** A label, its colon in the current language ("：" in Chinese, ": " in English), then the value. */
export function Labelled({ label, children }: { label: string; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      {labelled(t, label)}
      {children}
    </>
  );
}
