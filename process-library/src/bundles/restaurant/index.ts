import { readFileSync } from 'node:fs';
import type { Bundle } from '../../bundle';

/** 开办餐馆, first cut: business licence, then food licence ∥ fire check ∥ signage. */
export const restaurant: Bundle = {
  key: 'restaurant',
  name: { zh: '开办餐馆', en: 'Open a restaurant' },
  description: {
    zh: '营业执照办结后，食品经营许可、消防安全检查、户外招牌设置并联办理，一表申请、一窗受理。',
    en: 'After the business licence, the food licence, fire-safety check and signage permit run in parallel: one form, one window.',
  },
  leadDepartmentId: 'market',
  bpmn: readFileSync(new URL('./restaurant.bpmn', import.meta.url), 'utf8'),
  form: {
    type: 'default',
    id: 'restaurant-combined',
    schemaVersion: 16,
    components: [
      {
        key: 'applicant.name',
        type: 'textfield',
        label: '申请人姓名',
        labelEn: 'Applicant name',
        validate: { required: true, minLength: 2, maxLength: 50 },
      },
      {
        key: 'applicant.idNumber',
        type: 'textfield',
        label: '身份证号码',
        labelEn: 'ID card number',
        validate: { required: true, pattern: '^[0-9]{17}[0-9Xx]$' },
      },
      {
        key: 'applicant.phone',
        type: 'textfield',
        label: '联系电话',
        labelEn: 'Phone',
        validate: { required: true, pattern: '^1[3-9][0-9]{9}$' },
      },
      {
        key: 'shop.name',
        type: 'textfield',
        label: '店铺名称',
        labelEn: 'Shop name',
        validate: { required: true, minLength: 2, maxLength: 100 },
      },
      {
        key: 'shop.address',
        type: 'textfield',
        label: '经营地址',
        labelEn: 'Business address',
        validate: { required: true, minLength: 5, maxLength: 200 },
      },
      {
        key: 'shop.area',
        type: 'number',
        label: '经营面积（平方米）',
        labelEn: 'Floor area (m²)',
        validate: { required: true, min: 1, max: 100000 },
      },
    ],
  },
};
