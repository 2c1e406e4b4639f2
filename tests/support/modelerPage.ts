import type { Page } from 'playwright-core';

/**
 * Runs `fn` in the browser with the Studio modeler's services (bpmn-js's API: what the palette and
 * context pad call). ModelerPage exposes the modeler as `window.__yjModeler` for tests; the services
 * are untyped JavaScript objects there, so `fn` sees them as `any`.
 */
export async function inModeler<T>(
  page: Page,
  // biome-ignore lint/suspicious/noExplicitAny: bpmn-js services in the page are untyped.
  fn: (get: (name: string) => any, arg: any) => T,
  arg?: unknown,
): Promise<T> {
  return page.evaluate(
    ([source, a]) => {
      const modeler = (globalThis as { __yjModeler?: { get(name: string): unknown } }).__yjModeler;
      if (!modeler) throw new Error('the page has no modeler (window.__yjModeler)');
      // The function is the test's own source, sent as text.
      const f = new Function(`return (${source})`)();
      return f((name: string) => modeler.get(name), a);
    },
    [fn.toString(), arg] as const,
  );
}
