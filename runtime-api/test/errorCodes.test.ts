import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunError } from '@yijian/engine';
import { describe, expect, it } from 'vitest';
import {
  caseActions,
  catalogueIssueChinese,
  catalogueIssueMessages,
  errorCatalogue,
  languages,
  messageFragments,
  schemaMessages,
  stateNames,
  things,
  validationReasons,
} from '../src/http/errorCodes';
import { engineFaultCodes, engineRefusal, invalidField, notFound } from '../src/http/errors';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every .ts file under `dir`, relative to the repository root. */
function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const hasChinese = (text: string) => /[\u4e00-\u9fff]/.test(text);

describe('The error catalogue', () => {
  it('should give every code a 4xx or 500 status, a doc line and both languages with the same placeholders', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      expect(code, code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect([400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503], code).toContain(entry.status);
      expect(entry.doc.length, code).toBeGreaterThan(10);
      for (const language of languages) expect(entry[language].trim(), `${code} ${language}`).not.toBe('');
      expect(hasChinese(entry['zh-CN']), `${code} zh-CN is Chinese`).toBe(true);
      expect(placeholders(entry['zh-CN']), code).toEqual(placeholders(entry.en));
    }
  });

  it('should be listed in docs/api-contract.md, every code', () => {
    const contract = readFileSync(path.join(root, 'docs/api-contract.md'), 'utf8');
    expect(Object.keys(errorCatalogue).filter((code) => !contract.includes(`| \`${code}\` |`))).toEqual([]);
  });

  it('should keep 500 for faults only (503 is capacity: retry, nothing was done)', () => {
    const faults = Object.entries(errorCatalogue).filter(([, e]) => e.status >= 500 && e.status !== 503);
    expect(
      faults.map(([code]) => code).filter((c) => c !== 'internal' && !/unavailable|overloaded/.test(c)),
    ).toEqual([]);
  });

  it('should word every reason, thing, state and action in both languages', () => {
    for (const [name, text] of Object.entries({
      ...validationReasons,
      ...things,
      ...stateNames,
      ...caseActions,
      ...messageFragments,
    })) {
      expect(hasChinese(text['zh-CN']), name).toBe(true);
      expect(text.en.trim(), name).not.toBe('');
      expect(placeholders(text['zh-CN']), name).toEqual(placeholders(text.en));
    }
  });

  it('should word the composer’s problems in Chinese, for items or for the bundle', () => {
    for (const [code, templates] of Object.entries(catalogueIssueChinese))
      for (const template of Object.values(templates)) expect(hasChinese(template), code).toBe(true);
    const item = catalogueIssueMessages({
      code: 'fieldConflict',
      severity: 'error',
      itemCodes: ['000131024000', '990199001000'],
      fieldKey: 'shop.area',
      message: 'Field shop.area is defined differently …',
    });
    expect(item).toEqual({
      'zh-CN': '字段 shop.area 在事项 000131024000、990199001000 中定义不一致；请都采用字段字典中的定义。',
      en: 'Field shop.area is defined differently …',
    });
    const bundle = catalogueIssueMessages({
      code: 'missingDepartment',
      severity: 'error',
      bundleKey: 'b',
      message: 'x',
    });
    expect(bundle['zh-CN']).toBe('一件事 b 没有牵头部门；请设置负责受理的部门。');
  });

  it('should render a refusal in the asked language, with both messages alongside', () => {
    const error = notFound('case', 'c-1');
    expect(error.status).toBe(404);
    expect(error.toBody('zh-CN').error).toEqual({
      code: 'not_found',
      message: '办件 c-1 不存在。',
      messages: { 'zh-CN': '办件 c-1 不存在。', en: 'Case c-1 not found.' },
    });
    expect(error.toBody('en').error.message).toBe('Case c-1 not found.');

    const invalid = invalidField('query.cursor', validationReasons.notACursor);
    expect(invalid.toBody('en').error.message).toMatch(/^Invalid input at query\.cursor: not a cursor/);
    expect(invalid.toBody('zh-CN').error.message).toMatch(/^输入无效：query\.cursor：不是本接口给出的游标/);
    expect(invalid.toBody('zh-CN').error.details?.[0]).toMatchObject({
      path: 'query.cursor',
      message: expect.stringMatching(/游标/),
    });
  });
});

describe('Engine refusals', () => {
  it('should answer state conflicts 409 and invalid requests 422, with the engine’s facts in both languages', () => {
    const conflict = engineRefusal(
      new RunError('event_not_accepted', 'A case in phase "concluded" does not accept x.', {
        phase: 'concluded',
        event: 'intake.accept',
      }),
    );
    expect(conflict?.status).toBe(409);
    expect(conflict?.code).toBe('engine_event_not_accepted');
    expect(conflict?.messages['zh-CN']).toContain('已办结');
    expect(conflict?.messages.en).toBe('A case in phase "concluded" does not accept intake.accept.');

    const invalid = engineRefusal(new RunError('extension_invalid', 'x', { maxWorkingDays: 15 }));
    expect(invalid?.status).toBe(422);
    expect(invalid?.messages['zh-CN']).toContain('1–15 个工作日');
  });

  it('should treat faults in the model or data as no refusal (a logged 500)', () => {
    expect(engineRefusal(new RunError('no_flow_taken', 'x'))).toBeNull();
  });

  it('should classify every code the engine refuses with: a catalogued refusal or a known fault', () => {
    // given every `new RunError('code'` in the engine's sources
    const codes = new Set<string>();
    for (const file of sources('engine/src')) {
      for (const m of readFileSync(path.join(root, file), 'utf8').matchAll(/new RunError\(\s*'([a-z_]+)'/g))
        codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(10);
    // then each is either answered as a refusal or listed as a fault (add it to engineRefusals in
    // runtime-api/src/http/errors.ts with a catalogue entry, or to engineFaultCodes)
    const unclassified = [...codes].filter(
      (code) => !engineRefusal(new RunError(code, code)) && !engineFaultCodes.includes(code),
    );
    expect(unclassified).toEqual([]);
  });
});

describe('Throw sites', () => {
  const files = sources('runtime-api/src');

  it('should know the Chinese of every message a schema states itself', () => {
    // given the literal messages of .min/.max/.regex/.refine and issues in the sources
    const stated = new Set<string>();
    for (const file of files) {
      if (file.endsWith('errorCodes.ts') || file.endsWith('worker.ts')) continue;
      const text = readFileSync(path.join(root, file), 'utf8');
      for (const m of text.matchAll(
        /\.(?:min|max|regex|length|uuid|email|url|int|positive|nonnegative|refine)\((?:[^'`\n]*?, )?'([^']+)'\)/g,
      ))
        stated.add(m[1]!);
      for (const m of text.matchAll(/message: '([^']+)'/g)) stated.add(m[1]!);
    }
    expect(stated.size).toBeGreaterThan(15);
    // then each has its Chinese in schemaMessages
    expect([...stated].filter((message) => !(message in schemaMessages))).toEqual([]);
  });

  it('should use only catalogued codes in `new ApiError(`', () => {
    const uncatalogued: string[] = [];
    let sites = 0;
    for (const file of files) {
      // Comments may show how to throw; only code counts.
      const text = readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join('\n');
      for (const m of text.matchAll(/new ApiError(?:<[^>]*>)?\(\s*([^,)\s]+)/g)) {
        sites++;
        // The engine's refusals: a code from `engineRefusals`, typed as a catalogued code.
        if (file.endsWith('http/errors.ts') && m[1] === 'code') continue;
        const literal = /^'([a-z0-9_]+)'$/.exec(m[1]!);
        if (!literal || !(literal[1]! in errorCatalogue)) uncatalogued.push(`${file}: ${m[0]}`);
      }
    }
    expect(sites).toBeGreaterThan(30);
    expect(uncatalogued).toEqual([]);
  });

  it('should answer errors only through the error handler, never with a hand-written error body', () => {
    const handWritten = files.filter(
      (file) =>
        !file.endsWith('http/errors.ts') &&
        /\.json\(\s*\{\s*error\s*:/.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(handWritten).toEqual([]);
  });
});
