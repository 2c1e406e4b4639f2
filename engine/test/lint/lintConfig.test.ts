import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Linter } from 'bpmnlint';
import { describe, expect, it } from 'vitest';
import { DefinitionError, parseBpmn } from '../../src';
import { createModdle } from '../../src/definition/parseBpmn';
import {
  describeIssue,
  issueCodes,
  issueMessages,
  isTranslated,
  linterConfig,
  UNCLASSIFIED,
} from '../../src/lint';

// The same shape the designer's bpmn-js-bpmnlint builds from `linterConfig`.
async function lintInBrowserWay(xml: string, language: 'zh-CN' | 'en') {
  const { rootElement } = await createModdle().fromXML(xml, 'bpmn:Definitions');
  const reports = await new Linter(linterConfig({ language })).lint(rootElement);
  return Object.values(reports)
    .flat()
    .map((r) => ({ id: r.id, message: r.message }));
}

async function refusal(xml: string) {
  try {
    await parseBpmn(xml, { version: 1 });
  } catch (error) {
    if (error instanceof DefinitionError) return error.issues;
    throw error;
  }
  return [];
}

const model = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="defs" targetNamespace="http://yijian.dev/test">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

const broken = model(`
  <bpmn:startEvent id="start" />
  <bpmn:serviceTask id="svc" />
  <bpmn:exclusiveGateway id="gw" />
  <bpmn:userTask id="review" yj:department="market" />
  <bpmn:endEvent id="end" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="gw" />
  <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="end">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &gt;</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="f4" sourceRef="start" targetRef="review" />`);

describe('the deploy check as a bpmnlint config (browser and server run the same rules)', () => {
  it('reports on each element exactly what deploy refuses, in the same words', async () => {
    const issues = await refusal(broken);
    const browser = await lintInBrowserWay(broken, 'en');
    expect(issues.map((i) => `${i.elementId}: ${i.message}`).sort()).toEqual(
      browser.map((r) => `${r.id}: ${r.message}`).sort(),
    );
    const ids = new Set(issues.map((i) => i.elementId));
    // An unsupported element, a gateway without outgoing flows, a FEEL syntax error, a duplicate flow.
    for (const id of ['svc', 'gw', 'f3', 'f4']) expect(ids).toContain(id);
    expect(issues.find((i) => i.elementId === 'gw')?.message).toMatch(/^No way out/);
    expect(issues.find((i) => i.elementId === 'f3')?.message).toMatch(/is not valid FEEL/);
  });

  it('says it in zh-CN in the browser, as the API does', async () => {
    const issues = await refusal(broken);
    const zh = await lintInBrowserWay(broken, 'zh-CN');
    expect(zh.map((r) => r.message).sort()).toEqual(
      issues.map((i) => issueMessages(i.message)['zh-CN']).sort(),
    );
    expect(zh.find((r) => r.id === 'svc')?.message).toBe(
      '不支持服务任务（ServiceTask）；请改用分派给部门（yj:department）的用户任务。',
    );
    expect(zh.find((r) => r.id === 'gw')?.message).toBe(
      '没有出口；请连接一条流出的顺序流（例如连到结束事件）。',
    );
    expect(zh.find((r) => r.id === 'f3')?.message).toMatch(/^“amount >”不是有效的 FEEL/);
    for (const issue of issues) expect(isTranslated(issue.message), issue.message).toBe(true);
  });

  it('gives each refusal a stable code, its element, the values it names and both languages', async () => {
    expect(new Set(issueCodes).size).toBe(issueCodes.length);
    const described = (await refusal(broken)).map(describeIssue);
    const on = (id: string) => described.filter((d) => d.elementId === id).map((d) => d.code);
    expect(on('svc')).toContain('element_unsupported');
    expect(on('gw')).toContain('element_dead_end');
    expect(on('f3')).toContain('feel_syntax');
    expect(on('f4')).toContain('duplicate_sequence_flow');
    expect(described.find((d) => d.elementId === 'svc')).toMatchObject({
      params: ['ServiceTask', 'use a user task routed to a department (yj:department) instead.'],
      messages: {
        'zh-CN': '不支持服务任务（ServiceTask）；请改用分派给部门（yj:department）的用户任务。',
        en: 'ServiceTask is not supported; use a user task routed to a department (yj:department) instead.',
      },
    });
    expect(described.map((d) => d.code)).not.toContain(UNCLASSIFIED);
    expect(describeIssue({ elementId: null, message: 'Something new.' })).toMatchObject({
      code: UNCLASSIFIED,
      messages: { 'zh-CN': 'Something new.', en: 'Something new.' },
    });
  });

  it('a model without issues lints clean and deploys', async () => {
    const ok = model(`
      <bpmn:startEvent id="start" /><bpmn:userTask id="t" yj:department="market" /><bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t" /><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="end" />`);
    expect(await lintInBrowserWay(ok, 'en')).toEqual([]);
    await expect(parseBpmn(ok, { version: 1 })).resolves.toMatchObject({ startEventId: 'start' });
  });

  const suite = fileURLToPath(new URL('../../../../shared/conformance/miwg/reference/', import.meta.url));
  it.skipIf(!existsSync(suite))(
    'every issue the MIWG reference models raise has its zh-CN text',
    async () => {
      const untranslated: string[] = [];
      for (const file of readdirSync(suite).filter((f) => f.endsWith('.bpmn'))) {
        for (const issue of await refusal(readFileSync(suite + file, 'utf8'))) {
          if (!isTranslated(issue.message)) untranslated.push(`${file}: ${issue.message}`);
        }
      }
      expect(untranslated).toEqual([]);
    },
  );
});
