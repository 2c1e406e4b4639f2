import type { LocalizedName } from '@yijian/engine';

/** A department (部门 / 实施机关) with its own task queue. `id` is the candidate group in BPMN. */
export interface Department {
  id: string;
  name: LocalizedName;
}

/**
 * The departments the five shipped bundles route to. Utility companies (water, power, gas,
 * broadband) are not government agencies but work transfer tasks from their own queue like one.
 * The first four ids are those of the first restaurant bundle; keep them first and unchanged.
 */
export const departments: readonly Department[] = [
  { id: 'market', name: { zh: '市场监督管理局', en: 'Market Regulation Administration' } },
  { id: 'fire', name: { zh: '消防救援支队', en: 'Fire and Rescue Division' } },
  { id: 'urban', name: { zh: '城市管理局', en: 'Urban Management Bureau' } },
  { id: 'eco', name: { zh: '生态环境局', en: 'Ecology and Environment Bureau' } },
  { id: 'tobacco', name: { zh: '烟草专卖局', en: 'Tobacco Monopoly Administration' } },
  { id: 'housing', name: { zh: '住房和城乡建设局', en: 'Housing and Urban-Rural Development Bureau' } },
  { id: 'tax', name: { zh: '税务局', en: 'Tax Bureau' } },
  { id: 'realEstate', name: { zh: '不动产登记中心', en: 'Real Estate Registration Centre' } },
  { id: 'water', name: { zh: '供水公司', en: 'Water Supply Company' } },
  { id: 'power', name: { zh: '供电公司', en: 'Power Supply Company' } },
  { id: 'gas', name: { zh: '燃气公司', en: 'Gas Company' } },
  { id: 'broadband', name: { zh: '广电网络公司', en: 'Cable TV and Broadband Company' } },
  { id: 'education', name: { zh: '教育局', en: 'Education Bureau' } },
  { id: 'civilAffairs', name: { zh: '民政局', en: 'Civil Affairs Bureau' } },
  { id: 'health', name: { zh: '卫生健康委员会', en: 'Health Commission' } },
];
