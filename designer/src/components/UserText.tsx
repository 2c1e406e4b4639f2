import type { ReactNode } from 'react';

/**
 * Text that is user data, not chrome: names people typed, answers, comments, catalogue text that
 * has no English (legal bases). It is shown as entered in either language, so the marking
 * `data-user-content` tells readers (and the English walk test) that Chinese here is expected.
 * Names that exist in both languages (`{ zh, en }`) are picked with `pick`, never wrapped.
 */
export function UserText({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <span data-user-content="" data-testid={testId}>
      {children}
    </span>
  );
}

/**
 * A sentence built by i18n around user data (`{actor} filed the application`): the data parts are
 * marked as {@link UserText}, the rest stays chrome.
 */
export function WithUserData({ text, data }: { text: string; data: readonly (string | null | undefined)[] }) {
  const parts = [...new Set(data.filter((d): d is string => !!d && d.trim() !== ''))].sort(
    (a, b) => b.length - a.length,
  );
  if (parts.length === 0) return <>{text}</>;
  const escaped = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pieces = text.split(new RegExp(`(${escaped.join('|')})`));
  return (
    <>
      {pieces.map((piece, i) =>
        // split() with one capture group puts the matches at the odd indexes.
        i % 2 === 1 ? <UserText key={i}>{piece}</UserText> : piece,
      )}
    </>
  );
}
