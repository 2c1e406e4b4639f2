/**
 * The modeler offers only what the engine runs (engine/README "Supported subset"): the palette,
 * the context pad and the change/append/create popup menus of bpmn-js are filtered, and a task
 * is always a user task (routed to a department). Anything else that arrives in an imported
 * model still shows, with the lint error on it saying what to use instead.
 */
// biome-ignore-all lint/suspicious/noExplicitAny: diagram-js services and entries are untyped.

/** Popup-menu entry ids (`replace-with-…`, `append-…`, `create-…`) of elements the engine does not run. */
const UNSUPPORTED = [
  /^task$/, // a plain bpmn:Task: use a user task
  /service-task/,
  /send-task/,
  /receive-task/,
  /script-task/,
  /rule-task/,
  /manual-task/,
  /call-activity/,
  /transaction/,
  /ad-hoc/,
  /complex-gateway/,
  /signal/,
  /escalation/,
  /compensat/,
  /conditional/,
  /condition-/,
  /link/,
  /throw/,
  /none-intermediate/,
  /multiple/,
  /cancel/,
  /-start$/, // start events with a definition: a case starts when it is filed
  /none-boundary/,
  /event-subprocess/,
  /data-/,
  /participant/,
  /pool/,
  /lane/,
  /toggle-loop/,
  /message-end/,
  /^intermediate-event$/, // a none intermediate throw event
];

/** Whether a popup or context-pad entry creates something the engine runs. */
export function engineRuns(entryId: string): boolean {
  const id = entryId.replace(/^(replace-with-|append-|create-|append\.|create\.)/, '');
  return !UNSUPPORTED.some((pattern) => pattern.test(id));
}

class EnginePalette {
  static $inject = ['palette', 'create', 'elementFactory', 'translate'];
  constructor(
    palette: any,
    private readonly create: any,
    private readonly elementFactory: any,
    private readonly translate: (s: string) => string,
  ) {
    // After bpmn-js's own provider (priority 1000 runs first), so its entries can be filtered.
    palette.registerProvider(500, this);
  }

  private entry(type: string, className: string, title: string, options: Record<string, unknown> = {}) {
    const start = (event: Event) =>
      this.create.start(event, this.elementFactory.createShape({ type, ...options }));
    return {
      group: type.includes('Event') ? 'event' : 'activity',
      className,
      title,
      action: { dragstart: start, click: start },
    };
  }

  getPaletteEntries() {
    const t = this.translate;
    return (entries: Record<string, any>) => {
      const kept: Record<string, any> = {};
      for (const [id, entry] of Object.entries(entries)) {
        if (
          [
            'create.task',
            'create.intermediate-event',
            'create.data-object',
            'create.data-store',
            'create.participant-expanded',
          ].includes(id)
        )
          continue;
        kept[id] = entry;
        if (id === 'create.start-event') {
          kept['create.timer-catch'] = this.entry(
            'bpmn:IntermediateCatchEvent',
            'bpmn-icon-intermediate-event-catch-timer',
            t('Create timer intermediate catch event'),
            { eventDefinitionType: 'bpmn:TimerEventDefinition' },
          );
          kept['create.message-catch'] = this.entry(
            'bpmn:IntermediateCatchEvent',
            'bpmn-icon-intermediate-event-catch-message',
            t('Create message intermediate catch event'),
            { eventDefinitionType: 'bpmn:MessageEventDefinition' },
          );
        }
        if (id === 'create.exclusive-gateway') {
          kept['create.parallel-gateway'] = {
            ...this.entry('bpmn:ParallelGateway', 'bpmn-icon-gateway-parallel', t('Create parallel gateway')),
            group: 'gateway',
          };
          kept['create.user-task'] = this.entry(
            'bpmn:UserTask',
            'bpmn-icon-user-task',
            t('Create user task'),
          );
        }
      }
      return kept;
    };
  }
}

class EngineContextPad {
  static $inject = ['contextPad', 'autoPlace', 'elementFactory', 'create', 'translate'];
  constructor(
    contextPad: any,
    private readonly autoPlace: any,
    private readonly elementFactory: any,
    private readonly create: any,
    private readonly translate: (s: string) => string,
  ) {
    contextPad.registerProvider(500, this);
  }

  getContextPadEntries(element: any) {
    return (entries: Record<string, any>) => {
      const kept: Record<string, any> = {};
      for (const [id, entry] of Object.entries(entries)) {
        if (id === 'append.append-task') kept['append.user-task'] = this.appendUserTask(element);
        else if (!id.startsWith('append.') || engineRuns(id)) kept[id] = entry;
      }
      return kept;
    };
  }

  private appendUserTask(source: any) {
    const append = (event: Event) => {
      const shape = this.elementFactory.createShape({ type: 'bpmn:UserTask' });
      if (event.type === 'dragstart' || !this.autoPlace) {
        this.create.start(event, shape, { source });
      } else {
        this.autoPlace.append(source, shape);
      }
    };
    return {
      group: 'model',
      className: 'bpmn-icon-user-task',
      title: this.translate('Append user task'),
      action: { click: append, dragstart: append },
    };
  }
}

class EnginePopupMenu {
  static $inject = ['popupMenu'];
  constructor(popupMenu: any) {
    for (const menu of ['bpmn-replace', 'bpmn-append', 'bpmn-create'])
      popupMenu.registerProvider(menu, 500, this);
  }

  getPopupMenuEntries() {
    return (entries: Record<string, any>) =>
      Object.fromEntries(Object.entries(entries).filter(([id]) => engineRuns(id)));
  }

  getHeaderEntries() {
    return (entries: Record<string, any>) =>
      Object.fromEntries(Object.entries(entries).filter(([id]) => engineRuns(id)));
  }
}

export const engineElementsModule = {
  __init__: ['enginePalette', 'engineContextPad', 'enginePopupMenu'],
  enginePalette: ['type', EnginePalette],
  engineContextPad: ['type', EngineContextPad],
  enginePopupMenu: ['type', EnginePopupMenu],
};
