import { Linter } from 'bpmnlint';
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import type { DefinitionIssue } from '../errors';
import type { ModdleElement } from './compileProcess';

/**
 * The bpmnlint rules every deployment must pass, in bpmnlint's config format so the designer can
 * run the same ones live (bpmn-js-bpmnlint). Our own checks, which know the engine's subset, run
 * in compileProcess. Left out on purpose: `conditional-flows` (a flow without a condition after
 * an inclusive split means "always", a step every applicant needs, which bundles rely on) and
 * `superfluous-termination` (it also flags a terminate end that two racing branches share).
 */
export const LINT_CONFIG = {
  rules: {
    'no-duplicate-sequence-flows': 'error',
  },
} as const;

/** How to fix what each rule finds, said to the process designer. */
const FIXES: Record<string, string> = {
  'no-duplicate-sequence-flows':
    'delete the duplicate flow: two flows between the same elements send two tokens',
};

const RULES = {
  'rule:bpmnlint/no-duplicate-sequence-flows': noDuplicateSequenceFlows,
};

/** Runs {@link LINT_CONFIG} over a parsed model; every report becomes a deploy-time issue. */
export async function lintModel(definitions: ModdleElement): Promise<DefinitionIssue[]> {
  // A linter per model: some rules keep state (the flows seen so far) in their instance.
  const linter = new Linter({
    config: { rules: { ...LINT_CONFIG.rules } },
    resolver: new StaticResolver(RULES),
  });
  const reports = await linter.lint(definitions);
  return Object.entries(reports).flatMap(([rule, list]) =>
    list.map((report) => ({
      elementId: report.id ?? null,
      message: `${report.message} (bpmnlint ${rule}); ${FIXES[rule] ?? 'fix the model'}.`,
    })),
  );
}
