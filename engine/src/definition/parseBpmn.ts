import { BpmnModdle } from 'bpmn-moddle';
import { DefinitionError, type DefinitionIssue } from '../errors';
import yjDescriptor from '../moddle/yj.json' with { type: 'json' };
import { compileProcess, type ModdleElement } from './compileProcess';
import { lintModel } from './lintModel';
import type { ProcessDefinition } from './types';

/** Models larger than this are refused before parsing: no real bundle comes near it. */
export const MAX_BPMN_BYTES = 5 * 1024 * 1024;

export function createModdle(): BpmnModdle {
  return new BpmnModdle({ yj: yjDescriptor });
}

export interface ParseOptions {
  /** The process key cases refer to; defaults to the process id. */
  key?: string;
  version: number;
  /**
   * The BPMN XML of a process a call activity calls (its `calledElement`), e.g. an item's
   * process from the library; null when there is none. It is compiled in at deploy time, so the
   * version resolved now is the one running cases use.
   */
  resolveCalledProcess?: (
    calledElement: string,
  ) => Promise<string | null | undefined> | string | null | undefined;
}

/** Call activities may call processes that call others, but not without end. */
const MAX_CALL_DEPTH = 8;

/**
 * Parses BPMN 2.0 XML and compiles its executable process into a {@link ProcessDefinition}.
 * Refuses anything the engine cannot run with a {@link DefinitionError} whose `issues` name every
 * offending element and say how to fix it.
 */
export async function parseBpmn(xml: string, options: ParseOptions): Promise<ProcessDefinition> {
  return parseModel(xml, options, []);
}

async function parseModel(xml: string, options: ParseOptions, calling: string[]): Promise<ProcessDefinition> {
  assertSafeXml(xml);
  let definitions: ModdleElement;
  const issues: DefinitionIssue[] = [];
  try {
    const result = await createModdle().fromXML(xml, 'bpmn:Definitions');
    definitions = result.rootElement;
    for (const warning of result.warnings) {
      if (/unparsable|unresolved reference|duplicate ID/i.test(warning.message)) {
        issues.push({ elementId: warning.element?.id ?? null, message: warning.message.split('\n')[0]! });
      }
    }
  } catch (error) {
    throw new DefinitionError('The file is not valid BPMN 2.0 XML.', [
      { elementId: null, message: (error as Error).message.split('\n')[0] ?? 'parse error' },
    ]);
  }

  const processes = ((definitions?.rootElements ?? []) as ModdleElement[]).filter(
    (e) => e.$type === 'bpmn:Process',
  );
  const executable = processes.filter((p) => p.isExecutable !== false);
  const called =
    executable.length === 1
      ? await resolveCalls(executable[0], options, calling, issues)
      : new Map<string, ProcessDefinition | null>();
  // The deploy check is the lint config the designer runs live (engine/src/lint): the engine's
  // subset, wiring, FEEL and limits (compileProcess) and bpmnlint's rules, on each element.
  issues.push(...(await lintModel(definitions, called, calling.length > 0)));
  if (issues.length > 0) {
    throw refusal(issues, executable.length === 1 ? `The process "${executable[0].id}"` : 'The model');
  }
  const compiled = compileProcess(
    executable[0],
    { ...options, calledByActivity: calling.length > 0 },
    issues,
    called,
  );
  if (issues.length > 0 || !compiled) throw refusal(issues, `The process "${executable[0].id}"`);
  return compiled;
}

/**
 * Compiles every process the call activities of `process` call, through the resolver. What cannot
 * be resolved is left out: compileProcess then refuses the call activity, naming it.
 */
async function resolveCalls(
  process: ModdleElement,
  options: ParseOptions,
  calling: string[],
  issues: DefinitionIssue[],
): Promise<Map<string, ProcessDefinition | null>> {
  // null: the called process was refused, and its issues are reported on the call activity.
  const called = new Map<string, ProcessDefinition | null>();
  const calls: ModdleElement[] = [];
  const walk = (container: ModdleElement) => {
    for (const element of container.flowElements ?? []) {
      if (element.$type === 'bpmn:CallActivity' && element.calledElement) calls.push(element);
      if (element.flowElements) walk(element);
    }
  };
  walk(process);
  if (calls.length === 0 || !options.resolveCalledProcess) return called;
  const chain = [...calling, options.key ?? process.id];
  for (const call of calls) {
    const target: string = call.calledElement;
    if (called.has(target)) continue;
    if (chain.includes(target) || chain.length > MAX_CALL_DEPTH) {
      issues.push({
        elementId: call.id,
        message: `Calling "${target}" here loops (${[...chain, target].join(' → ')}); a process cannot call itself, directly or not.`,
      });
      continue;
    }
    const calledXml = await options.resolveCalledProcess(target);
    if (!calledXml) continue;
    try {
      const { resolveCalledProcess } = options;
      called.set(
        target,
        await parseModel(calledXml, { key: target, version: options.version, resolveCalledProcess }, chain),
      );
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      for (const issue of error.issues) {
        issues.push({
          elementId: call.id,
          message: `In the called process "${target}" (${issue.elementId ?? 'model'}): ${issue.message}`,
        });
      }
      called.set(target, null);
    }
  }
  return called;
}

function refusal(issues: DefinitionIssue[], what: string): DefinitionError {
  return new DefinitionError(`${what} cannot be deployed (${issues.length} problems).`, issues);
}

/** Refuses DOCTYPE/entities (XXE, billion laughs) and oversized input before any parser sees it. */
function assertSafeXml(xml: string): void {
  if (typeof xml !== 'string' || xml.trim().length === 0) {
    throw new DefinitionError('The BPMN file is empty.', [
      { elementId: null, message: 'Send BPMN 2.0 XML.' },
    ]);
  }
  if (Buffer.byteLength(xml, 'utf8') > MAX_BPMN_BYTES) {
    throw new DefinitionError('The BPMN file is too large.', [
      {
        elementId: null,
        message: `Models are limited to ${MAX_BPMN_BYTES} bytes; split the bundle into items.`,
      },
    ]);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new DefinitionError('The BPMN file declares a DOCTYPE or entities, which are not allowed.', [
      { elementId: null, message: 'Remove the <!DOCTYPE …> declaration; BPMN needs none.' },
    ]);
  }
}
