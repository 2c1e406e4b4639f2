import type { DefinitionIssue } from '../errors';
import { checkFeel } from '../feel/checkFeel';
import type { ModdleElement } from './compileProcess';
import type { CountersignRule, MultiInstance } from './types';

const RULES: readonly CountersignRule[] = ['all', 'any', 'sequential', 'vote'];

/**
 * Reads a multi-instance user task: `yj:countersign` (all | any | sequential | vote),
 * `yj:threshold` (vote: "0.5" or "50%", approvals must exceed it) and the participants as a fixed
 * `yj:assignees` list or a FEEL `yj:collection`. The BPMN marker
 * (`multiInstanceLoopCharacteristics`) is optional; when present its isSequential must agree.
 */
export function readMultiInstance(element: ModdleElement, issues: DefinitionIssue[]): MultiInstance | null {
  const marker = element.loopCharacteristics;
  const declared: string | undefined = element.countersign;
  if (!marker && !declared) return null;
  const issue = (message: string) => {
    issues.push({ elementId: element.id, message });
    return null;
  };
  if (marker && marker.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    return issue('Standard loops are not supported; use a multi-instance task with yj:countersign.');
  }
  if (marker?.loopCardinality || marker?.completionCondition) {
    return issue(
      'loopCardinality and completionCondition are not supported; use yj:countersign (all/any/sequential/vote) with yj:assignees or yj:collection.',
    );
  }
  const rule = (declared ?? (marker?.isSequential ? 'sequential' : 'all')) as CountersignRule;
  if (!RULES.includes(rule)) {
    return issue(`yj:countersign="${declared}" is unknown; use one of ${RULES.join(', ')}.`);
  }
  if (marker && Boolean(marker.isSequential) !== (rule === 'sequential')) {
    return issue(
      `yj:countersign="${rule}" and the multi-instance marker disagree; set isSequential="${rule === 'sequential'}".`,
    );
  }
  let threshold = 0.5;
  if (element.threshold != null) {
    const text = String(element.threshold).trim();
    threshold = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
    if (!(threshold >= 0 && threshold < 1)) {
      return issue(
        `yj:threshold="${text}" must be a share below 1, e.g. 0.5 or 50% (approvals must exceed it).`,
      );
    }
  }
  const assignees =
    typeof element.assignees === 'string'
      ? element.assignees.split(/[\s,，;；]+/).filter((a: string) => a.length > 0)
      : null;
  const collection: string | null = element.collection ?? null;
  if (!assignees?.length && !collection) {
    return issue(
      'A countersign task needs its participants: yj:assignees="market,fire" or yj:collection="=departments".',
    );
  }
  const problem = collection ? checkFeel(collection) : null;
  if (problem) return issue(`yj:collection: ${problem}`);
  return {
    rule,
    threshold,
    assignees: assignees?.length ? assignees : null,
    collection,
    approveOutcome: element.approveOutcome ?? 'approved',
  };
}
