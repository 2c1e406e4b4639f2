/** Roles of the platform (DESIGN.md "Security"). */
export type Role = 'applicant' | 'clerk' | 'manager' | 'admin';

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
  { username: 'manager', displayName: '周敏（效能监察）', role: 'manager', departmentId: null },
  { username: 'admin', displayName: '系统管理员', role: 'admin', departmentId: null },
];
