/// <reference path="../types/bpmnlint.d.ts" />
/**
 * The deploy check as a bpmnlint plugin, browser-safe (no Node built-ins): the server's
 * `parseBpmn` lints every model with {@link LINT_CONFIG} through {@link lintResolver} before it
 * compiles, and the designer's modeler runs the very same config live (bpmn-js-bpmnlint), so the
 * browser marks on each element exactly what deploy would refuse, in the same words.
 *
 * Rules:
 * - `yijian/engine-subset`: the engine's own checks (compileProcess — the supported subset,
 *   wiring, FEEL conditions, timers, countersigns, limits — and "exactly one executable
 *   process"), each issue reported on its element;
 * - bpmnlint's `no-duplicate-sequence-flows`, its reports ending with how to fix them. Left out on
 *   purpose: `conditional-flows` (a flow without a condition after an inclusive split means
 *   "always", a step every applicant needs, which bundles rely on) and `superfluous-termination`
 *   (it also flags a terminate end that two racing branches share).
 */
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import { compileProcess, type ModdleElement } from '../definition/compileProcess';
import type { ProcessDefinition } from '../definition/types';
import type { DefinitionIssue } from '../errors';
import { issueMessages } from './issueMessages';

export { checkTimerLiteral } from '../eventDefinitions/timerDue';
export {
  type DescribedIssue,
  describeIssue,
  type IssueMessages,
  issueCodes,
  issueMessages,
  isTranslated,
  UNCLASSIFIED,
} from './issueMessages';

/** The rules every deployment must pass, in bpmnlint's config format. */
export const LINT_CONFIG = {
  rules: {
    'no-duplicate-sequence-flows': 'error',
    'yijian/engine-subset': 'error',
  },
} as const;

/** The language the rules report in: deploy reports English (the API adds zh-CN), the browser either. */
export type LintLanguage = 'zh-CN' | 'en';

export interface LintOptions {
  /** Processes call activities call, compiled already (the server's resolver); none in the browser. */
  called?: ReadonlyMap<string, ProcessDefinition | null>;
  language?: LintLanguage;
  /** The model is an item's process a call activity calls (its error ends throw to the call). */
  calledByActivity?: boolean;
}

/**
 * The engine's checks over a whole model: exactly one executable process, and everything
 * compileProcess refuses in it (in every process when there is not exactly one executable).
 */
export function checkModel(
  definitions: ModdleElement,
  called: ReadonlyMap<string, ProcessDefinition | null> = new Map(),
  calledByActivity = false,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const processes = ((definitions?.rootElements ?? []) as ModdleElement[]).filter(
    (e) => e.$type === 'bpmn:Process',
  );
  const executable = processes.filter((p) => p.isExecutable !== false);
  if (executable.length !== 1) {
    issues.push({
      elementId: null,
      message: `Expected exactly one executable process, found ${executable.length}; mark exactly one bpmn:process isExecutable="true" and the others isExecutable="false".`,
    });
    // Still compile every process, so the designer sees all unsupported elements at once.
    for (const process of processes) compileProcess(process, { version: 1 }, issues);
    return issues;
  }
  compileProcess(executable[0], { version: 1, calledByActivity }, issues, called);
  return issues;
}

interface Reporter {
  report(id: string, message: string, path?: unknown): void;
}
interface Rule {
  check(node: ModdleElement, reporter: Reporter): void;
}

/** How to fix what each bpmnlint rule finds, said to the process designer. */
const FIXES: Record<string, string> = {
  'no-duplicate-sequence-flows':
    'delete the duplicate flow: two flows between the same elements send two tokens',
};

function say(message: string, language: LintLanguage): string {
  return language === 'en' ? message : issueMessages(message)[language];
}

/** A bpmnlint rule whose reports say how to fix them (the same sentence deploy gives). */
function withFix(name: string, factory: () => Rule, language: LintLanguage): () => Rule {
  return () => {
    const rule = factory();
    return {
      check(node, reporter) {
        rule.check(node, {
          report: (id, message, path) =>
            reporter.report(
              id,
              say(`${message} (bpmnlint ${name}); ${FIXES[name] ?? 'fix the model'}.`, language),
              path,
            ),
        });
      },
    };
  };
}

/** `yijian/engine-subset`: the engine's checks, reported on the element each is about. */
function engineSubset(options: LintOptions): () => Rule {
  const language = options.language ?? 'en';
  return () => ({
    check(node, reporter) {
      if (node.$type !== 'bpmn:Definitions') return;
      const executable = ((node.rootElements ?? []) as ModdleElement[]).find(
        (e) => e.$type === 'bpmn:Process' && e.isExecutable !== false,
      );
      for (const issue of checkModel(node, options.called, options.calledByActivity)) {
        // An issue of the whole model is shown on the process (or the definitions).
        const id = issue.elementId ?? executable?.id ?? node.id ?? 'Definitions';
        reporter.report(id, say(issue.message, language));
      }
    },
  });
}

/** The resolver of {@link LINT_CONFIG}'s rules (bpmnlint's `{ config, resolver }` takes it). */
export function lintResolver(options: LintOptions = {}): StaticResolver {
  const language = options.language ?? 'en';
  return new StaticResolver({
    'rule:bpmnlint/no-duplicate-sequence-flows': withFix(
      'no-duplicate-sequence-flows',
      noDuplicateSequenceFlows as () => Rule,
      language,
    ),
    'rule:bpmnlint-plugin-yijian/engine-subset': engineSubset(options),
  });
}

/** The `linting.bpmnlint` option of bpmn-js-bpmnlint: the deploy check, live. */
export function linterConfig(options: LintOptions = {}) {
  return { config: { rules: { ...LINT_CONFIG.rules } }, resolver: lintResolver(options) };
}
