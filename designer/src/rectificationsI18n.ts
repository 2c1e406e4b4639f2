/** Text of the managers' 整改 page (all departments), merged into the dictionary in i18n.ts. */
export const rectificationMessages = {
  'nav.rectificationsAll': { zh: '差评整改', en: 'Rectifications' },
  'rectificationsAll.title': { zh: '差评整改（全部部门）', en: 'Rectifications (all departments)' },
  'rectificationsAll.anyDepartment': { zh: '全部部门', en: 'All departments' },
  'rectificationsAll.statusOpen': { zh: '整改中', en: 'Open' },
  'rectificationsAll.statusResolved': { zh: '已整改', en: 'Closed' },
  'rectificationsAll.statusAll': { zh: '全部', en: 'All' },
  'rectificationsAll.department': { zh: '部门', en: 'Department' },
  'rectificationsAll.case': { zh: '办件', en: 'Case' },
  'rectificationsAll.rating': { zh: '评价', en: 'Rating' },
  'rectificationsAll.reasons': { zh: '差评原因', en: 'Reasons' },
  'rectificationsAll.status': { zh: '状态', en: 'Status' },
  'rectificationsAll.opened': { zh: '发起', en: 'Opened' },
  'rectificationsAll.dueDate': { zh: '整改期限', en: 'Due' },
  'rectificationsAll.closed': { zh: '办结', en: 'Closed on' },
  'rectificationsAll.overdue': { zh: '已超期', en: 'Overdue' },
  'rectificationsAll.reply': { zh: '整改答复', en: 'Reply' },
  'rectificationsAll.count': { zh: '共 {count} 条', en: '{count} in all' },
  // More pages to load: the count so far, not a total.
  'rectificationsAll.shown': { zh: '已显示 {count} 条', en: '{count} shown' },
} as const;
