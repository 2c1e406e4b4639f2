import type { LocalizedName } from '@yijian/engine';
import { dictionaryFields, type FieldKey } from '../fieldDictionary';
import { immediateItemSteps } from '../itemSteps';
import { itemMaterial as material } from '../materialDictionary';
import type { ServiceItem } from '../ServiceItem';

// Items for selling a second-hand flat (国办发〔2022〕32号: 二手房交易及水电气联动过户).
// Buyer and seller are both applicants, so every item asks for both. Codes are illustrative.

const buyer = ['buyer.name', 'buyer.idNumber', 'buyer.phone'] as const;
const seller = ['seller.name', 'seller.idNumber', 'seller.phone'] as const;

/** 存量房买卖合同网签备案: filed on the spot. */
export const contractFiling: ServiceItem = {
  code: '990150001000',
  codeSource: 'illustrative',
  name: { zh: '存量房买卖合同网签备案', en: 'Online filing of the sale contract' },
  type: 'filing',
  operation: 'new',
  competentDepartmentId: 'housing',
  implementingDepartmentId: 'housing',
  legalBasis: '《中华人民共和国城市房地产管理法》；《城市房地产转让管理规定》',
  handlingType: 'immediate',
  statutoryLimit: null,
  promisedLimit: { value: 1, unit: 'workingDays' },
  materials: [
    material('buyerIdCard'),
    material('sellerIdCard'),
    material('realEstateCertificate'),
    material('saleContract', { originals: 3 }),
  ],
  fees: [],
  result: { name: { zh: '网签备案证明', en: 'Contract filing receipt' }, licence: 'contractFiling' },
  specialProcedures: [],
  visits: 0,
  level: 'county',
  fields: dictionaryFields(
    ...buyer,
    ...seller,
    'property.certificateNumber',
    'property.address',
    'property.area',
    'property.price',
  ),
  steps: [...immediateItemSteps],
};

/** 存量房交易税费申报: 契税 (buyer), 增值税 and 个人所得税 (seller). */
export const propertyTransferTax: ServiceItem = {
  code: '990110001000',
  codeSource: 'illustrative',
  name: { zh: '存量房交易税费申报缴纳', en: 'Tax return for a second-hand flat sale' },
  type: 'levy',
  operation: 'new',
  competentDepartmentId: 'tax',
  implementingDepartmentId: 'tax',
  legalBasis: '《中华人民共和国契税法》；《中华人民共和国个人所得税法》；《中华人民共和国税收征收管理法》',
  handlingType: 'immediate',
  statutoryLimit: null,
  promisedLimit: { value: 1, unit: 'workingDays' },
  materials: [
    material('buyerIdCard'),
    material('sellerIdCard'),
    material('saleContract', { copies: 1 }),
    material('contractFilingReceipt'),
    material('realEstateCertificate', { copies: 1 }),
  ],
  fees: [],
  result: { name: { zh: '完税证明', en: 'Tax payment certificate' }, licence: 'taxPaymentCertificate' },
  specialProcedures: [],
  visits: 0,
  level: 'county',
  fields: dictionaryFields(
    ...buyer,
    'buyer.firstHome',
    ...seller,
    'property.price',
    'property.area',
    'property.heldYears',
  ),
  steps: [...immediateItemSteps],
};

/** 不动产转移登记 (存量房买卖). */
export const realEstateTransfer: ServiceItem = {
  code: '990170001000',
  codeSource: 'illustrative',
  name: { zh: '不动产转移登记（存量房买卖）', en: 'Real-estate transfer registration (second-hand flat)' },
  type: 'confirmation',
  operation: 'new',
  competentDepartmentId: 'realEstate',
  implementingDepartmentId: 'realEstate',
  legalBasis: '《中华人民共和国民法典》第二百零九条；《不动产登记暂行条例》第二十条',
  handlingType: 'promised',
  // 条例 Art. 20: 30 working days; localities promise 1–5.
  statutoryLimit: { value: 30, unit: 'workingDays' },
  promisedLimit: { value: 5, unit: 'workingDays' },
  materials: [
    material('buyerIdCard'),
    material('sellerIdCard'),
    material('realEstateCertificate'),
    material('saleContract', { copies: 1 }),
    material('contractFilingReceipt'),
    material('taxPaymentCertificate'),
  ],
  fees: [
    {
      name: { zh: '不动产登记费（住宅类）', en: 'Registration fee (housing)' },
      amountYuan: 80,
      basis: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）',
    },
  ],
  result: {
    name: { zh: '不动产权证书', en: 'Real-estate title certificate' },
    licence: 'realEstateCertificate',
  },
  specialProcedures: [],
  visits: 1,
  level: 'county',
  fields: dictionaryFields(
    ...buyer,
    ...seller,
    'property.certificateNumber',
    'property.address',
    'property.area',
  ),
};

/** A utility transfer pushed by the registry after the transfer registration (联动过户). */
function utilityTransfer(
  code: string,
  departmentId: string,
  name: LocalizedName,
  legalBasis: string,
  accountField: FieldKey,
): ServiceItem {
  return {
    code,
    codeSource: 'illustrative',
    name,
    type: 'publicService',
    operation: 'change',
    competentDepartmentId: departmentId,
    implementingDepartmentId: departmentId,
    legalBasis,
    handlingType: 'promised',
    statutoryLimit: null,
    promisedLimit: { value: 2, unit: 'workingDays' },
    materials: [
      material('buyerIdCard'),
      material('realEstateCertificate'),
      material('utilityAccount', { requirement: 'secondary' }),
    ],
    fees: [],
    result: { name: { zh: '过户回执', en: 'Transfer receipt' }, licence: 'utilityTransferReceipt' },
    specialProcedures: [],
    visits: 0,
    level: 'county',
    fields: dictionaryFields(...buyer, 'property.address', accountField),
    steps: [
      { key: 'intake', name: { zh: '受理', en: 'Intake' } },
      { key: 'transfer', name: { zh: '过户', en: 'Transfer' } },
    ],
  };
}

/** 供水过户. */
export const waterTransfer = utilityTransfer(
  '990180001000',
  'water',
  { zh: '供水过户', en: 'Water account transfer' },
  '《城市供水条例》',
  'property.waterAccount',
);

/** 供电过户. */
export const powerTransfer = utilityTransfer(
  '990180002000',
  'power',
  { zh: '供电过户', en: 'Electricity account transfer' },
  '《电力供应与使用条例》',
  'property.powerAccount',
);

/** 燃气过户. */
export const gasTransfer = utilityTransfer(
  '990180003000',
  'gas',
  { zh: '燃气过户', en: 'Gas account transfer' },
  '《城镇燃气管理条例》',
  'property.gasAccount',
);

/** 有线电视、宽带过户. */
export const broadbandTransfer = utilityTransfer(
  '990180004000',
  'broadband',
  { zh: '有线电视、宽带过户', en: 'Cable TV and broadband transfer' },
  '《广播电视管理条例》；《中华人民共和国电信条例》',
  'property.broadbandAccount',
);
