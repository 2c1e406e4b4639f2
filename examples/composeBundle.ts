/**
 * `npm run example:compose`: a process designer composes a new bundle (开办烘焙坊) from catalogue
 * items with one request, and anyone reads the service guide generated for it. Against a running
 * Yijian when YIJIAN_URL is set; otherwise it starts one (embedded PostgreSQL unless DATABASE_URL
 * is set).
 */

import { createApiClient } from '@yijian/api-client';
import { must, signIn } from './src/typedClient';
import { say, withYijian } from './src/withYijian';

/** 开办烘焙坊: business licence first, then the food licence and signage; the fire check above 300 m². */
const bakery = {
  key: 'bakery',
  name: { zh: '开办烘焙坊', en: 'Open a bakery' },
  description: {
    zh: '营业执照办结后，食品经营许可、户外招牌并联办理；面积超过300平方米的办理消防安全检查。',
    en: 'After the business licence: the food licence and signage in parallel; the fire check above 300 m².',
  },
  leadDepartmentId: 'market',
  items: [
    { itemCode: '000104001000' },
    { itemCode: '000131024000' },
    { itemCode: '000143017000' },
    { itemCode: '000125049000', when: 'shop.area > 300' },
  ],
  prerequisites: ['000131024000', '000143017000', '000125049000'].map((after) => ({
    before: '000104001000',
    after,
  })),
};

async function compose(baseUrl: string): Promise<void> {
  say(`· Yijian at ${baseUrl}`);
  const designer = await signIn(baseUrl, 'designer');

  // A cycle is refused with every problem named, and nothing is written.
  const cyclic = await designer.POST('/api/bundles', {
    body: {
      ...bakery,
      prerequisites: [...bakery.prerequisites, { before: '000131024000', after: '000104001000' }],
    },
  });
  say(`1. A composition with a cycle: ${cyclic.response.status} — ${cyclic.error?.error.message}`);

  const b = must(
    'publishing',
    await designer.POST('/api/bundles', {
      body: bakery,
      headers: { 'Idempotency-Key': `example-${Date.now()}` },
    }),
  );
  say(
    `2. 钱晨 publishes ${b.name.zh} in one request: version ${b.version}${b.versionCreated ? '' : ' (unchanged)'}, ${b.items.length} items, ${b.form.components.length} form fields`,
  );

  const guide = must(
    'reading the guide',
    await createApiClient({ baseUrl }).GET('/api/bundles/{key}/guide', { params: { path: { key: b.key } } }),
  );
  say(`3. Its 办事指南, read without logging in (${b.guideUrl}):`);
  say(
    `   牵头部门 ${guide.leadDepartment.name.zh}; 联合办理时限 ${guide.jointLimit.statutory.value} 个工作日 + 延长 ${guide.jointLimit.extension.value}`,
  );
  for (const item of guide.items) {
    const limit = item.statutoryLimit ? `法定 ${item.statutoryLimit.value}` : '无法定时限';
    const when = item.conditionText ? `，${item.conditionText.zh} 时办理` : '';
    say(
      `   · ${item.name.zh}（${item.department.name.zh}）${limit} / 承诺 ${item.promisedLimit.value}${when}`,
    );
  }
  say(`   材料 ${guide.materials.length} 种，每种只交一次：`);
  for (const m of guide.materials) {
    const provided = m.providedInChain ? '（由前序事项结果自动提供）' : '';
    say(`   · ${m.name.zh} — ${m.neededBy.length} 个事项需要${provided}`);
  }
  say(`   收费：${guide.totalFeesYuan === 0 ? '不收费' : `${guide.totalFeesYuan} 元`}`);
}

withYijian(compose).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
