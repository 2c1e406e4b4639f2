/** The accounts screen's text (账户管理), merged into the dictionary in i18n.ts. */
export const accountMessages = {
  'nav.accounts': { zh: '账户管理', en: 'Accounts' },
  'accounts.title': { zh: '账户管理', en: 'Accounts' },
  'accounts.intro': {
    zh: '本地账户（argon2 加密存储）及其角色、部门。吊销会话后，该账户在所有设备上立即退出。',
    en: 'Local accounts (argon2-hashed) with their roles and departments. Revoking ends every session of the account at once.',
  },
  'accounts.username': { zh: '用户名', en: 'Username' },
  'accounts.displayName': { zh: '姓名', en: 'Name' },
  'accounts.role': { zh: '角色', en: 'Role' },
  'accounts.department': { zh: '部门', en: 'Department' },
  'accounts.sessions': { zh: '在线会话', en: 'Sessions' },
  'accounts.password': { zh: '初始密码（至少 12 位）', en: 'Initial password (at least 12 characters)' },
  'accounts.create': { zh: '新建账户', en: 'Create account' },
  'accounts.created': { zh: '已新建账户 {username}', en: 'Account {username} created' },
  'accounts.revoke': { zh: '吊销会话', en: 'Revoke sessions' },
  'accounts.revoked': { zh: '已结束 {n} 个会话', en: '{n} sessions ended' },
  'accounts.system': { zh: '部门系统', en: 'Department system' },
} as const;
