import type { LocalizedName } from '@yijian/engine';

/** A department (部门 / 实施机关) with its own task queue. `id` is the candidate group in BPMN. */
export interface Department {
  id: string;
  name: LocalizedName;
}

export const departments: readonly Department[] = [
  { id: 'market', name: { zh: '市场监督管理局', en: 'Market Regulation Administration' } },
  { id: 'fire', name: { zh: '消防救援支队', en: 'Fire and Rescue Division' } },
  { id: 'urban', name: { zh: '城市管理局', en: 'Urban Management Bureau' } },
  { id: 'eco', name: { zh: '生态环境局', en: 'Ecology and Environment Bureau' } },
];
