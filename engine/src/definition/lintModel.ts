import { Linter } from 'bpmnlint';
import type { DefinitionIssue } from '../errors';
import { LINT_CONFIG, lintResolver } from '../lint';
import type { ModdleElement } from './compileProcess';
import type { ProcessDefinition } from './types';

export { LINT_CONFIG } from '../lint';

const WHOLE_MODEL = /^Expected exactly one executable process/;

/**
 * Runs {@link LINT_CONFIG} (`engine/src/lint`, the rules the designer's modeler runs live) over a
 * parsed model; every report becomes a deploy-time issue, in the words the browser shows.
 */
export async function lintModel(
  definitions: ModdleElement,
  called: ReadonlyMap<string, ProcessDefinition | null> = new Map(),
  calledByActivity = false,
): Promise<DefinitionIssue[]> {
  // A linter per model: some rules keep state (the flows seen so far) in their instance.
  const linter = new Linter({
    config: { rules: { ...LINT_CONFIG.rules } },
    resolver: lintResolver({ called, language: 'en', calledByActivity }),
  });
  const reports = await linter.lint(definitions);
  return Object.values(reports).flatMap((list) =>
    list.map((report) => ({
      // An issue of the whole model is shown on the process; it names no element.
      elementId: report.id == null || WHOLE_MODEL.test(report.message) ? null : report.id,
      message: report.message,
    })),
  );
}
