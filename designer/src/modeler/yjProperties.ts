/**
 * The properties panel's `yj` entries: everything the engine reads from a model (engine/README,
 * engine/src/moddle/yj.json) — department and item code of tasks and sub-processes, statutory
 * and promised limits, the form key, countersign rules, timers, messages and their correlation,
 * error codes, and FEEL conditions (edited in @bpmn-io/feel-editor; the engine's own FEEL
 * compiler checks each one as it is typed, the sentence deploy would refuse it with).
 * Every change goes through bpmn-js's command stack, so undo/redo covers it.
 */
// biome-ignore-all lint/suspicious/noExplicitAny: bpmn-js, moddle and the panel's components are untyped.
import {
  FeelEntry,
  isFeelEntryEdited,
  isSelectEntryEdited,
  isTextFieldEntryEdited,
  SelectEntry,
  TextFieldEntry,
} from '@bpmn-io/properties-panel';
import { createElement as h } from '@bpmn-io/properties-panel/preact';
import { checkFeel } from '@yijian/engine/feel';
import { checkTimerLiteral } from '@yijian/engine/lint';
import { useService } from 'bpmn-js-properties-panel';

/** What the page tells the panel: departments to route to, the form's answers for FEEL, the language. */
export interface YijianPanelConfig {
  departments: { id: string; name: string }[];
  /** The bundle's form answers as FEEL variables (`shop.area` → `shop` with entry `area`). */
  variables: FeelVariable[];
  text: (key: PanelText) => string;
}

export interface FeelVariable {
  name: string;
  detail?: string;
  info?: string;
  entries?: FeelVariable[];
}

export type PanelText =
  | 'group.assignment'
  | 'group.limits'
  | 'group.countersign'
  | 'group.condition'
  | 'group.timer'
  | 'group.message'
  | 'group.error'
  | 'department'
  | 'department.none'
  | 'itemCode'
  | 'formKey'
  | 'nameEn'
  | 'limit.statutory'
  | 'limit.promised'
  | 'limit.unit'
  | 'unit.workingDays'
  | 'unit.calendarDays'
  | 'unit.calendarMonths'
  | 'countersign.rule'
  | 'countersign.none'
  | 'countersign.all'
  | 'countersign.any'
  | 'countersign.sequential'
  | 'countersign.vote'
  | 'countersign.threshold'
  | 'countersign.assignees'
  | 'countersign.collection'
  | 'countersign.approveOutcome'
  | 'condition'
  | 'timer.kind'
  | 'timer.duration'
  | 'timer.date'
  | 'timer.value'
  | 'message.name'
  | 'message.correlationKey'
  | 'error.code'
  | 'limit.invalid';

const bo = (element: any) => element.businessObject;
const is = (element: any, type: string) => Boolean(bo(element)?.$instanceOf?.(type));
const eventDefinition = (element: any, type: string) =>
  (bo(element)?.eventDefinitions ?? []).find((d: any) => d.$type === type);

function useConfig(): YijianPanelConfig {
  return useService('config.yijian') as YijianPanelConfig;
}

// ── yj attributes: department, item code, form key, English name ─────────────────────────────

function attributeEntry(attribute: string, label: PanelText) {
  return function AttributeEntry({ element, id }: { element: any; id: string }) {
    const modeling = useService('modeling');
    const debounce = useService('debounceInput');
    const { text } = useConfig();
    return h(TextFieldEntry, {
      element,
      id,
      label: text(label),
      debounce,
      getValue: () => bo(element).get(`yj:${attribute}`) ?? '',
      setValue: (value: string) =>
        modeling.updateProperties(element, { [`yj:${attribute}`]: value || undefined }),
    });
  };
}

function DepartmentEntry({ element, id }: { element: any; id: string }) {
  const modeling = useService('modeling');
  const { departments, text } = useConfig();
  return h(SelectEntry, {
    element,
    id,
    label: text('department'),
    getValue: () => bo(element).get('yj:department') ?? '',
    setValue: (value: string) => modeling.updateProperties(element, { 'yj:department': value || undefined }),
    getOptions: () => [
      { value: '', label: text('department.none') },
      ...departments.map((d) => ({ value: d.id, label: `${d.name} (${d.id})` })),
    ],
  });
}

// ── yj:limit: statutory and promised, each a value and a unit ────────────────────────────────

function limitOf(element: any, kind: string) {
  return (bo(element).extensionElements?.values ?? []).find(
    (v: any) => v.$type === 'yj:Limit' && (v.kind ?? 'statutory') === kind,
  );
}

function setLimit(
  element: any,
  kind: string,
  change: { value?: number | null; unit?: string },
  services: any,
) {
  const { modeling, bpmnFactory } = services;
  const business = bo(element);
  let extensionElements = business.extensionElements;
  if (!extensionElements) {
    extensionElements = bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
    modeling.updateModdleProperties(element, business, { extensionElements });
  }
  const current = limitOf(element, kind);
  const values = extensionElements.values ?? [];
  if (change.value === null) {
    if (current)
      modeling.updateModdleProperties(element, extensionElements, {
        values: values.filter((v: any) => v !== current),
      });
    return;
  }
  if (!current) {
    const limit = bpmnFactory.create('yj:Limit', {
      value: change.value ?? 1,
      unit: change.unit ?? 'workingDays',
      kind,
    });
    limit.$parent = extensionElements;
    modeling.updateModdleProperties(element, extensionElements, { values: [...values, limit] });
    return;
  }
  modeling.updateModdleProperties(element, current, change);
}

function limitValueEntry(kind: 'statutory' | 'promised') {
  return function LimitValue({ element, id }: { element: any; id: string }) {
    const services = { modeling: useService('modeling'), bpmnFactory: useService('bpmnFactory') };
    const debounce = useService('debounceInput');
    const { text } = useConfig();
    return h(TextFieldEntry, {
      element,
      id,
      label: text(kind === 'statutory' ? 'limit.statutory' : 'limit.promised'),
      debounce,
      getValue: () => String(limitOf(element, kind)?.value ?? ''),
      validate: (value: string) =>
        value && !/^[1-9][0-9]{0,3}$/.test(value.trim()) ? text('limit.invalid') : null,
      setValue: (value: string, error?: string | null) => {
        if (error) return;
        const trimmed = (value ?? '').trim();
        setLimit(element, kind, { value: trimmed ? Number(trimmed) : null }, services);
      },
    });
  };
}

function limitUnitEntry(kind: 'statutory' | 'promised') {
  return function LimitUnit({ element, id }: { element: any; id: string }) {
    const services = { modeling: useService('modeling'), bpmnFactory: useService('bpmnFactory') };
    const { text } = useConfig();
    return h(SelectEntry, {
      element,
      id,
      label: `${text(kind === 'statutory' ? 'limit.statutory' : 'limit.promised')} · ${text('limit.unit')}`,
      getValue: () => limitOf(element, kind)?.unit ?? 'workingDays',
      setValue: (unit: string) => setLimit(element, kind, { unit }, services),
      getOptions: () =>
        (['workingDays', 'calendarDays', 'calendarMonths'] as const).map((u) => ({
          value: u,
          label: text(`unit.${u}`),
        })),
      disabled: !limitOf(element, kind),
    });
  };
}

// ── Countersign (会签): rule, participants, threshold ────────────────────────────────────────

function CountersignRuleEntry({ element, id }: { element: any; id: string }) {
  const modeling = useService('modeling');
  const bpmnFactory = useService('bpmnFactory');
  const { text } = useConfig();
  return h(SelectEntry, {
    element,
    id,
    label: text('countersign.rule'),
    getValue: () => bo(element).get('yj:countersign') ?? '',
    setValue: (rule: string) => {
      if (!rule) {
        modeling.updateProperties(element, { 'yj:countersign': undefined, loopCharacteristics: undefined });
        return;
      }
      const loopCharacteristics = bpmnFactory.create('bpmn:MultiInstanceLoopCharacteristics', {
        isSequential: rule === 'sequential',
      });
      modeling.updateProperties(element, { 'yj:countersign': rule, loopCharacteristics });
    },
    getOptions: () =>
      (['', 'all', 'any', 'sequential', 'vote'] as const).map((rule) => ({
        value: rule,
        label: text(rule ? `countersign.${rule}` : 'countersign.none'),
      })),
  });
}

function countersignAttributeEntry(attribute: string, label: PanelText, feel = false) {
  return function CountersignAttribute({ element, id }: { element: any; id: string }) {
    const modeling = useService('modeling');
    const debounce = useService('debounceInput');
    const { text, variables } = useConfig();
    const common = {
      element,
      id,
      label: text(label),
      debounce,
      getValue: () => bo(element).get(`yj:${attribute}`) ?? '',
      setValue: (value: string) =>
        modeling.updateProperties(element, { [`yj:${attribute}`]: value || undefined }),
    };
    return feel
      ? h(FeelEntry, {
          ...common,
          feel: 'required',
          variables,
          validate: (v: string) => (v ? checkFeel(v) : null),
        })
      : h(TextFieldEntry, common);
  };
}

// ── Conditions (FEEL) on sequence flows ──────────────────────────────────────────────────────

function ConditionEntry({ element, id }: { element: any; id: string }) {
  const modeling = useService('modeling');
  const bpmnFactory = useService('bpmnFactory');
  const debounce = useService('debounceInput');
  const { text, variables } = useConfig();
  return h(FeelEntry, {
    element,
    id,
    label: text('condition'),
    feel: 'required',
    debounce,
    variables,
    getValue: () => bo(element).conditionExpression?.body ?? '',
    validate: (value: string) => (value ? checkFeel(value) : null),
    setValue: (value: string) => {
      const body = (value ?? '').trim();
      modeling.updateProperties(element, {
        conditionExpression:
          body && body !== '=' ? bpmnFactory.create('bpmn:FormalExpression', { body }) : undefined,
      });
    },
  });
}

// ── Timers ───────────────────────────────────────────────────────────────────────────────────

function timerKind(definition: any): 'duration' | 'date' {
  return definition?.timeDate ? 'date' : 'duration';
}

function TimerKindEntry({ element, id }: { element: any; id: string }) {
  const modeling = useService('modeling');
  const bpmnFactory = useService('bpmnFactory');
  const { text } = useConfig();
  const definition = eventDefinition(element, 'bpmn:TimerEventDefinition');
  return h(SelectEntry, {
    element,
    id,
    label: text('timer.kind'),
    getValue: () => timerKind(definition),
    setValue: (kind: string) => {
      const body = (definition.timeDuration ?? definition.timeDate)?.body ?? '';
      const expression = bpmnFactory.create('bpmn:FormalExpression', { body });
      modeling.updateModdleProperties(element, definition, {
        timeDuration: kind === 'duration' ? expression : undefined,
        timeDate: kind === 'date' ? expression : undefined,
        timeCycle: undefined,
      });
    },
    getOptions: () => [
      { value: 'duration', label: text('timer.duration') },
      { value: 'date', label: text('timer.date') },
    ],
  });
}

function TimerValueEntry({ element, id }: { element: any; id: string }) {
  const modeling = useService('modeling');
  const bpmnFactory = useService('bpmnFactory');
  const debounce = useService('debounceInput');
  const { text } = useConfig();
  const definition = eventDefinition(element, 'bpmn:TimerEventDefinition');
  const kind = timerKind(definition);
  return h(TextFieldEntry, {
    element,
    id,
    label: text('timer.value'),
    debounce,
    getValue: () => (definition.timeDuration ?? definition.timeDate ?? definition.timeCycle)?.body ?? '',
    validate: (value: string) => {
      const expression = (value ?? '').trim();
      if (!expression) return null;
      return expression.startsWith('=') ? checkFeel(expression) : checkTimerLiteral({ kind, expression });
    },
    setValue: (value: string) => {
      const expression = bpmnFactory.create('bpmn:FormalExpression', { body: (value ?? '').trim() });
      modeling.updateModdleProperties(element, definition, {
        [kind === 'date' ? 'timeDate' : 'timeDuration']: expression,
        timeCycle: undefined,
      });
    },
  });
}

// ── Messages and errors (root elements the event definitions refer to) ──────────────────────

function definitionsOf(element: any) {
  let node = bo(element);
  while (node.$parent) node = node.$parent;
  return node;
}

/** The bpmn:Message / bpmn:Error an event definition refers to, created (undoably) when missing. */
function ensureRoot(element: any, definition: any, refName: string, type: string, services: any) {
  const { modeling, bpmnFactory } = services;
  if (definition[refName]) return definition[refName];
  const definitions = definitionsOf(element);
  const root = bpmnFactory.create(type, {});
  root.$parent = definitions;
  modeling.updateModdleProperties(element, definitions, {
    rootElements: [...(definitions.rootElements ?? []), root],
  });
  modeling.updateModdleProperties(element, definition, { [refName]: root });
  return root;
}

function MessageNameEntry({ element, id }: { element: any; id: string }) {
  const services = { modeling: useService('modeling'), bpmnFactory: useService('bpmnFactory') };
  const debounce = useService('debounceInput');
  const { text } = useConfig();
  const definition = eventDefinition(element, 'bpmn:MessageEventDefinition');
  return h(TextFieldEntry, {
    element,
    id,
    label: text('message.name'),
    debounce,
    getValue: () => definition.messageRef?.name ?? '',
    setValue: (name: string) => {
      const message = ensureRoot(element, definition, 'messageRef', 'bpmn:Message', services);
      services.modeling.updateModdleProperties(element, message, { name: name || undefined });
    },
  });
}

function CorrelationEntry({ element, id }: { element: any; id: string }) {
  const services = { modeling: useService('modeling'), bpmnFactory: useService('bpmnFactory') };
  const debounce = useService('debounceInput');
  const { text, variables } = useConfig();
  const definition = eventDefinition(element, 'bpmn:MessageEventDefinition');
  return h(FeelEntry, {
    element,
    id,
    label: text('message.correlationKey'),
    feel: 'required',
    debounce,
    variables,
    getValue: () => definition.messageRef?.get('yj:correlationKey') ?? '',
    validate: (value: string) => (value ? checkFeel(value) : null),
    setValue: (value: string) => {
      const message = ensureRoot(element, definition, 'messageRef', 'bpmn:Message', services);
      services.modeling.updateModdleProperties(element, message, { 'yj:correlationKey': value || undefined });
    },
  });
}

function ErrorCodeEntry({ element, id }: { element: any; id: string }) {
  const services = { modeling: useService('modeling'), bpmnFactory: useService('bpmnFactory') };
  const debounce = useService('debounceInput');
  const { text } = useConfig();
  const definition = eventDefinition(element, 'bpmn:ErrorEventDefinition');
  return h(TextFieldEntry, {
    element,
    id,
    label: text('error.code'),
    debounce,
    getValue: () => definition.errorRef?.errorCode ?? '',
    setValue: (code: string) => {
      const error = ensureRoot(element, definition, 'errorRef', 'bpmn:Error', services);
      services.modeling.updateModdleProperties(element, error, {
        errorCode: code || undefined,
        name: error.name ?? code,
      });
    },
  });
}

// ── The provider ─────────────────────────────────────────────────────────────────────────────

const entry = (id: string, component: any, isEdited: any, element: any) => ({
  id,
  component,
  isEdited,
  element,
});

/** The groups an element gets, in the order the panel shows them. */
function groupsFor(element: any, text: YijianPanelConfig['text']) {
  const groups: { id: string; label: string; entries: any[] }[] = [];
  const userTask = is(element, 'bpmn:UserTask');
  const activity = userTask || is(element, 'bpmn:SubProcess');
  const process = is(element, 'bpmn:Process') || is(element, 'bpmn:Participant');
  if (activity || process) {
    const entries = [entry('yj-department', DepartmentEntry, isSelectEntryEdited, element)];
    if (activity)
      entries.push(
        entry('yj-itemCode', attributeEntry('itemCode', 'itemCode'), isTextFieldEntryEdited, element),
      );
    if (userTask)
      entries.push(
        entry('yj-formKey', attributeEntry('formKey', 'formKey'), isTextFieldEntryEdited, element),
      );
    entries.push(entry('yj-nameEn', attributeEntry('nameEn', 'nameEn'), isTextFieldEntryEdited, element));
    groups.push({ id: 'yj-assignment', label: text('group.assignment'), entries });
    groups.push({
      id: 'yj-limits',
      label: text('group.limits'),
      entries: [
        entry('yj-limit-statutory', limitValueEntry('statutory'), isTextFieldEntryEdited, element),
        entry('yj-limit-statutory-unit', limitUnitEntry('statutory'), isSelectEntryEdited, element),
        entry('yj-limit-promised', limitValueEntry('promised'), isTextFieldEntryEdited, element),
        entry('yj-limit-promised-unit', limitUnitEntry('promised'), isSelectEntryEdited, element),
      ],
    });
  }
  if (userTask) {
    const entries = [entry('yj-countersign', CountersignRuleEntry, isSelectEntryEdited, element)];
    if (bo(element).get('yj:countersign')) {
      entries.push(
        entry(
          'yj-assignees',
          countersignAttributeEntry('assignees', 'countersign.assignees'),
          isTextFieldEntryEdited,
          element,
        ),
        entry(
          'yj-collection',
          countersignAttributeEntry('collection', 'countersign.collection', true),
          isFeelEntryEdited,
          element,
        ),
        entry(
          'yj-approveOutcome',
          countersignAttributeEntry('approveOutcome', 'countersign.approveOutcome'),
          isTextFieldEntryEdited,
          element,
        ),
      );
      if (bo(element).get('yj:countersign') === 'vote')
        entries.push(
          entry(
            'yj-threshold',
            countersignAttributeEntry('threshold', 'countersign.threshold'),
            isTextFieldEntryEdited,
            element,
          ),
        );
    }
    groups.push({ id: 'yj-countersign', label: text('group.countersign'), entries });
  }
  if (is(element, 'bpmn:SequenceFlow')) {
    const source = bo(element).sourceRef;
    const conditional =
      source &&
      !source.$instanceOf('bpmn:ParallelGateway') &&
      !source.$instanceOf('bpmn:Event') &&
      !source.$instanceOf('bpmn:EventBasedGateway');
    if (conditional || bo(element).conditionExpression)
      groups.push({
        id: 'yj-condition',
        label: text('group.condition'),
        entries: [entry('yj-condition', ConditionEntry, isFeelEntryEdited, element)],
      });
  }
  if (eventDefinition(element, 'bpmn:TimerEventDefinition')) {
    groups.push({
      id: 'yj-timer',
      label: text('group.timer'),
      entries: [
        entry('yj-timer-kind', TimerKindEntry, isSelectEntryEdited, element),
        entry('yj-timer-value', TimerValueEntry, isTextFieldEntryEdited, element),
      ],
    });
  }
  if (eventDefinition(element, 'bpmn:MessageEventDefinition')) {
    groups.push({
      id: 'yj-message',
      label: text('group.message'),
      entries: [
        entry('yj-message-name', MessageNameEntry, isTextFieldEntryEdited, element),
        entry('yj-message-correlation', CorrelationEntry, isFeelEntryEdited, element),
      ],
    });
  }
  if (eventDefinition(element, 'bpmn:ErrorEventDefinition')) {
    groups.push({
      id: 'yj-error',
      label: text('group.error'),
      entries: [entry('yj-error-code', ErrorCodeEntry, isTextFieldEntryEdited, element)],
    });
  }
  return groups;
}

class YijianPropertiesProvider {
  static $inject = ['propertiesPanel', 'config.yijian'];
  constructor(
    propertiesPanel: any,
    private readonly config: YijianPanelConfig,
  ) {
    propertiesPanel.registerProvider(500, this);
  }

  getGroups(element: any) {
    return (groups: any[]) => {
      // bpmn-js's general group (name, id, documentation) first, then ours; nothing Camunda-specific.
      const general = groups.filter((g) => g.id === 'general' || g.id === 'documentation');
      return [...general.slice(0, 1), ...groupsFor(element, this.config.text), ...general.slice(1)];
    };
  }
}

export const yijianPropertiesModule = {
  __init__: ['yijianPropertiesProvider'],
  yijianPropertiesProvider: ['type', YijianPropertiesProvider],
};
