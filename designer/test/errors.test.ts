import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api';
import { errorText } from '../src/errors';
import { type Translate, translate } from '../src/i18n';

const tIn =
  (lang: 'zh' | 'en'): Translate =>
  (key, vars) =>
    translate(lang, key, vars);

// A refusal as the API answers it: both languages for the message and for each field's reason.
const refusal = new ApiError(
  400,
  'validation_error',
  '请求数据不合法',
  [
    { path: 'form.shopName', message: '必填', messages: { 'zh-CN': '必填', en: 'Required' } },
    { path: 'form.area', message: '应大于 0', messages: { 'zh-CN': '应大于 0', en: 'Must be above 0' } },
  ],
  { 'zh-CN': '请求数据不合法', en: 'Invalid request' },
);

describe('errorText', () => {
  it('should wrap the field details in full-width brackets and semicolons in Chinese', () => {
    expect(errorText(tIn('zh'), refusal)).toBe('请求数据不合法（form.shopName：必填；form.area：应大于 0）');
  });

  it('should keep ASCII brackets and "; " in English', () => {
    expect(errorText(tIn('en'), refusal)).toBe(
      'Invalid request (form.shopName: Required; form.area: Must be above 0)',
    );
  });

  it('should give the message alone when there are no details', () => {
    const plain = new ApiError(409, 'conflict', '办件已变更', [], {
      'zh-CN': '办件已变更',
      en: 'The case changed',
    });
    expect(errorText(tIn('zh'), plain)).toBe('办件已变更');
    expect(errorText(tIn('en'), plain)).toBe('The case changed');
  });
});
