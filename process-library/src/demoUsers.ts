/** Roles of the platform (DESIGN.md "Security"). */
/** `system`: a department's own system, calling with an API key (never a password). */
export type Role = 'applicant' | 'clerk' | 'manager' | 'admin' | 'designer' | 'system';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
}

/** The one password of every demo account; printed by `npm start`, never used in production. */
export const DEMO_PASSWORD = 'yijian123';

export const demoUsers: readonly DemoUser[] = [
  { username: 'zhangsan', displayName: '张三', role: 'applicant', departmentId: null },
  { username: 'lisi', displayName: '李四', role: 'applicant', departmentId: null },
  { username: 'market.clerk', displayName: '王芳（市场监管）', role: 'clerk', departmentId: 'market' },
  { username: 'fire.clerk', displayName: '刘强（消防）', role: 'clerk', departmentId: 'fire' },
  { username: 'urban.clerk', displayName: '陈静（城管）', role: 'clerk', departmentId: 'urban' },
  { username: 'eco.clerk', displayName: '赵磊（生态环境）', role: 'clerk', departmentId: 'eco' },
  { username: 'tobacco.clerk', displayName: '孙伟（烟草专卖）', role: 'clerk', departmentId: 'tobacco' },
  { username: 'housing.clerk', displayName: '吴婷（住建）', role: 'clerk', departmentId: 'housing' },
  { username: 'tax.clerk', displayName: '郑浩（税务）', role: 'clerk', departmentId: 'tax' },
  {
    username: 'realEstate.clerk',
    displayName: '冯丽（不动产登记）',
    role: 'clerk',
    departmentId: 'realEstate',
  },
  { username: 'water.clerk', displayName: '何军（供水）', role: 'clerk', departmentId: 'water' },
  { username: 'power.clerk', displayName: '高洁（供电）', role: 'clerk', departmentId: 'power' },
  { username: 'gas.clerk', displayName: '林涛（燃气）', role: 'clerk', departmentId: 'gas' },
  { username: 'broadband.clerk', displayName: '罗敏（广电网络）', role: 'clerk', departmentId: 'broadband' },
  { username: 'education.clerk', displayName: '梁静（教育）', role: 'clerk', departmentId: 'education' },
  {
    username: 'civilAffairs.clerk',
    displayName: '宋阳（民政）',
    role: 'clerk',
    departmentId: 'civilAffairs',
  },
  { username: 'health.clerk', displayName: '唐红（卫生健康）', role: 'clerk', departmentId: 'health' },
  { username: 'manager', displayName: '周敏（效能监察）', role: 'manager', departmentId: null },
  { username: 'admin', displayName: '系统管理员', role: 'admin', departmentId: null },
  // 流程设计: composes bundles from catalogue items and publishes them (Studio).
  { username: 'designer', displayName: '钱晨（流程设计）', role: 'designer', departmentId: null },
];
