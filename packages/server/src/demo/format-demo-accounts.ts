/**
 * The start-up banner of the demo node (stderr), in Chinese and English: where to open it,
 * the staff accounts (password + TOTP enrolment URI) and the API clients (OAuth 2 client
 * credentials), so that a person trying Hutong can sign in and call the API at once.
 */
import type { LicenceStatus } from '@hutong/core';
import type { ClientKind, StaffRole } from '../auth/principal.js';
import type { DemoSummary } from './seed-demo.js';

const STATUS_NAMES: Readonly<Record<LicenceStatus, string>> = {
  valid: '有效 valid',
  suspended: '暂扣 suspended',
  revoked: '吊销 revoked',
  cancelled: '注销 cancelled',
  abolished: '废止 abolished',
  expired: '过期 expired',
  superseded: '已变更 superseded',
  'transferred-out': '转出 transferred out',
};

// Keyed by the closed unions, so a role or kind added to auth/principal.ts must be named here
// too: the banner showed the demo's counter clerk as the bare code `counter-clerk`. The roles'
// Chinese names are the web interface's (i18n `roles.*`): one word per concept.
const ROLE_NAMES: Readonly<Record<StaffRole, string>> = {
  'platform-admin': '平台管理员 platform admin',
  'catalogue-admin': '目录管理员 catalogue admin',
  'department-operator': '部门业务员 department operator',
  auditor: '审计员 auditor',
  'counter-clerk': '窗口人员 counter clerk',
};

const KIND_NAMES: Readonly<Record<ClientKind, string>> = {
  department: '发证部门 department',
  'relying-party': '用证方 relying party',
  venue: '用证场所 venue',
  inspector: '检查人员 inspector',
  kiosk: '自助终端 self-service kiosk',
};

const UNKNOWN = '（已更改，未显示 changed since seeding, not shown）';

/**
 * The banner text for a seeded demo node listening at `url`.
 *
 * @example process.stderr.write(formatDemoAccounts(summary, 'http://127.0.0.1:8080/'));
 */
export function formatDemoAccounts(summary: DemoSummary, url: string): string {
  const base = url.endsWith('/') ? url : `${url}/`;
  const rule = '─'.repeat(78);
  const lines: string[] = [
    rule,
    '互通 Hutong 演示节点 · demo node — 新疆维吾尔自治区 (650000)',
    rule,
    `网页 Web UI:        ${base}`,
    `接口文档 API docs:  ${base}api/docs`,
    `取令牌 Token:       POST ${base}api/v1/oauth/token  (grant_type=client_credentials, form encoded)`,
    '',
    '工作人员账号 Staff accounts — 登录需密码 + 动态口令 sign in with password + one-time code (TOTP):',
  ];
  for (const account of summary.staff) {
    lines.push(`  ${account.username}  ${account.roles.map((r) => ROLE_NAMES[r]).join(', ')}`);
    if (account.organisationCode !== null) lines.push(`    所属单位 organisation: ${account.organisationCode}`);
    lines.push(`    密码 password: ${account.password ?? UNKNOWN}`);
    lines.push(`    动态口令 TOTP (扫码或粘贴到验证器 add to an authenticator app): ${account.otpauthUri}`);
  }
  lines.push('', 'API 客户端 API clients (OAuth 2 client credentials, client_secret_basic or client_secret_post):');
  for (const client of summary.clients) {
    lines.push(`  ${client.name} — ${client.organisationName} — ${KIND_NAMES[client.kind]}`);
    lines.push(`    client_id:     ${client.clientId}`);
    lines.push(`    client_secret: ${client.clientSecret ?? UNKNOWN}`);
    lines.push(`    scope:         ${client.scopes.join(' ')}`);
  }
  if (summary.holders.length > 0) {
    lines.push(
      '',
      '持证主体 Holders — 开发登录：验证码发到开发信箱 sign in with a one-time code from the dev mailbox:',
      `  POST ${base}api/v1/holder/sign-in/start {"holderCodeType","holderCode"} → GET ${base}api/v1/dev/mailbox → POST ${base}api/v1/holder/sign-in/verify`,
    );
    for (const holder of summary.holders) {
      lines.push(
        `  ${holder.name}  ${holder.holderCodeType} ${holder.holderCode}  (${holder.licences} 个证照 licences)`,
      );
      if (holder.organisation !== undefined) {
        lines.push(
          `    法定代表人 legal representative of ${holder.organisation.name} ${holder.organisation.holderCode}` +
            ` — PUT ${base}api/v1/holder/acting-for`,
        );
      }
    }
  }
  const statuses = Object.entries(summary.licencesByStatus)
    .filter(([, n]) => n !== undefined && n > 0)
    .map(([status, n]) => `${STATUS_NAMES[status as LicenceStatus] ?? status} ${n}`);
  const total = Object.values(summary.licencesByStatus).reduce((sum, n) => sum + (n ?? 0), 0);
  const addedNow = Object.values(summary.added).reduce((sum, n) => sum + n, 0);
  lines.push(
    '',
    `证照库 Library: ${summary.licenceTypes} 类证照 licence types, ${summary.departments} 个发证部门 issuing departments, ` +
      `${total} 个证照版本 licence versions (${statuses.join(', ')})`,
    addedNow === 0
      ? '演示数据已存在，本次未新增 The demo data was already there: nothing was added.'
      : `本次新增 Added now: ${summary.added.licences} 个证照 licences, ${summary.added.events} 个状态事件 status events.`,
    '以上口令由本节点主密钥派生，仅供演示 Credentials are derived from this node’s master key: for the demo only.',
    rule,
    '',
  );
  return lines.join('\n');
}
