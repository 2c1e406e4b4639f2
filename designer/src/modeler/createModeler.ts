/**
 * The Studio's BPMN modeler: bpmn-js's Modeler with the `yj` moddle extension, the properties
 * panel with the `yj` entries, palette and menus limited to what the engine runs, and the
 * deploy check linting live (bpmn-js-bpmnlint with the engine's own lint config, in the user's
 * language). Keyboard shortcuts and undo/redo are bpmn-js's, bound to the page.
 * No styles here (the page imports them), so tests can bundle it as is.
 */

import { linterConfig } from '@yijian/engine/lint';
import yjDescriptor from '@yijian/engine/moddle';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import lintModule from 'bpmn-js-bpmnlint';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { engineElementsModule } from './engineElements';
import { keepUnrenderedDiModule } from './keepUnrenderedDi';
import { translateModule } from './translateZh';
import { type YijianPanelConfig, yijianPropertiesModule } from './yjProperties';

const OPEN_GROUPS = [
  'general',
  'yj-assignment',
  'yj-limits',
  'yj-countersign',
  'yj-condition',
  'yj-timer',
  'yj-message',
  'yj-error',
];

export interface ModelerOptions {
  container: HTMLElement;
  propertiesParent: HTMLElement;
  lang: 'zh' | 'en';
  yijian: YijianPanelConfig;
}

export function createModeler(options: ModelerOptions): BpmnModeler {
  return new BpmnModeler({
    container: options.container,
    keyboard: { bind: true },
    propertiesPanel: {
      parent: options.propertiesParent,
      // What the engine reads is open from the start; documentation stays folded.
      layout: { groups: Object.fromEntries(OPEN_GROUPS.map((id) => [id, { open: true }])) },
    },
    linting: { bpmnlint: linterConfig({ language: options.lang === 'zh' ? 'zh-CN' : 'en' }), active: true },
    moddleExtensions: { yj: yjDescriptor },
    yijian: options.yijian,
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      yijianPropertiesModule,
      engineElementsModule,
      keepUnrenderedDiModule,
      lintModule,
      translateModule(options.lang),
    ],
  } as ConstructorParameters<typeof BpmnModeler>[0]);
}
