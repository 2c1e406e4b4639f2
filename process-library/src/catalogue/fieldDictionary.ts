import type { FormField, FormSection } from '../forms';

/** A field as the dictionary defines it; its key and section come from the dictionary key. */
export type FieldDefinition = Omit<FormField, 'key' | 'section' | 'conditional'>;

const yesNo = { type: 'checkbox' } as const;
const idNumber = { required: true, pattern: '^[0-9]{17}[0-9Xx]$' };
const phone = { required: true, pattern: '^1[3-9][0-9]{9}$' };
const personName = { required: true, minLength: 2, maxLength: 50 };
const address = { required: true, minLength: 5, maxLength: 200 };
const ownership: Pick<FieldDefinition, 'type' | 'values' | 'validate'> = {
  type: 'select',
  values: [
    { label: '营利性', labelEn: 'For-profit', value: 'forProfit' },
    { label: '非营利性', labelEn: 'Non-profit', value: 'nonProfit' },
  ],
  validate: { required: true },
};

/**
 * 字段字典: the one canonical form-js definition of every question an item may ask. Keys are
 * `<topic>.<name>`; the topic is the form section. Items take their fields from here, so the
 * combined form of a bundle can ask each question once and every item reads the same answer.
 */
export const fieldDictionary = {
  'applicant.name': {
    type: 'textfield',
    label: '申请人姓名',
    labelEn: 'Applicant name',
    validate: personName,
  },
  'applicant.idNumber': {
    type: 'textfield',
    label: '身份证号码',
    labelEn: 'ID card number',
    validate: idNumber,
  },
  'applicant.phone': { type: 'textfield', label: '联系电话', labelEn: 'Phone', validate: phone },

  'entity.hasBusinessLicence': {
    ...yesNo,
    label: '已持有营业执照',
    labelEn: 'Already holds a business licence',
    description: '已有营业执照的，由平台通过数据共享调取，无需重新办理。',
    descriptionEn:
      'If you already hold one, the platform fetches it through data sharing; you need not apply again.',
  },
  'entity.name': {
    type: 'textfield',
    label: '主体名称（拟登记名称）',
    labelEn: 'Name of the entity to register',
    validate: { required: true, minLength: 2, maxLength: 100 },
  },
  'entity.type': {
    type: 'select',
    label: '主体类型',
    labelEn: 'Type of entity',
    values: [
      { label: '个体工商户', labelEn: 'Individual business', value: 'individual' },
      { label: '有限责任公司', labelEn: 'Limited liability company', value: 'company' },
      { label: '个人独资企业', labelEn: 'Sole proprietorship', value: 'soleProprietorship' },
    ],
    validate: { required: true },
  },
  'entity.address': { type: 'textfield', label: '住所', labelEn: 'Registered address', validate: address },
  'entity.scope': {
    type: 'textarea',
    label: '经营（业务）范围',
    labelEn: 'Scope of business',
    validate: { required: true, maxLength: 500 },
  },
  'entity.registeredCapital': {
    type: 'number',
    label: '注册资本（万元）',
    labelEn: 'Registered capital (10,000 yuan)',
    validate: { min: 0, max: 10000000 },
  },
  'entity.ownership': { ...ownership, label: '举办性质', labelEn: 'For-profit or non-profit' },

  'shop.name': {
    type: 'textfield',
    label: '店铺名称',
    labelEn: 'Shop name',
    validate: { required: true, minLength: 2, maxLength: 100 },
  },
  'shop.address': { type: 'textfield', label: '经营地址', labelEn: 'Business address', validate: address },
  'shop.area': {
    type: 'number',
    label: '经营面积（平方米）',
    labelEn: 'Floor area (m²)',
    validate: { required: true, min: 1, max: 100000 },
  },
  'shop.investment': {
    type: 'number',
    label: '投资总额（万元）',
    labelEn: 'Total investment (10,000 yuan)',
    validate: { required: true, min: 0, max: 1000000 },
  },
  'shop.foodCategories': {
    type: 'select',
    label: '主要经营项目',
    labelEn: 'Main food business',
    values: [
      { label: '热食类食品制售', labelEn: 'Hot food', value: 'hotFood' },
      { label: '冷食类食品制售', labelEn: 'Cold food', value: 'coldFood' },
      {
        label: '预包装及散装食品销售',
        labelEn: 'Pre-packaged and bulk food sales',
        value: 'packagedAndBulk',
      },
    ],
    validate: { required: true },
  },
  'shop.staffCount': {
    type: 'number',
    label: '从业人员数',
    labelEn: 'Number of staff',
    validate: { required: true, min: 1, max: 10000 },
  },
  'shop.sellsTobacco': { ...yesNo, label: '销售卷烟、雪茄烟', labelEn: 'Sells cigarettes or cigars' },
  'shop.distanceToSchool': {
    type: 'number',
    label: '与最近中小学、幼儿园的距离（米）',
    labelEn: 'Distance to the nearest school or kindergarten (m)',
    validate: { required: true, min: 0, max: 100000 },
  },
  'shop.signText': {
    type: 'textfield',
    label: '招牌文字',
    labelEn: 'Text of the sign',
    validate: { required: true, maxLength: 50 },
  },
  'shop.signArea': {
    type: 'number',
    label: '招牌面积（平方米）',
    labelEn: 'Sign area (m²)',
    validate: { required: true, min: 0.1, max: 500 },
  },

  'school.name': {
    type: 'textfield',
    label: '幼儿园名称',
    labelEn: 'Kindergarten name',
    validate: { required: true, minLength: 2, maxLength: 100 },
  },
  'school.address': { type: 'textfield', label: '园址', labelEn: 'Kindergarten address', validate: address },
  'school.area': {
    type: 'number',
    label: '园舍建筑面积（平方米）',
    labelEn: 'Building area (m²)',
    validate: { required: true, min: 1, max: 100000 },
  },
  'school.capacity': {
    type: 'number',
    label: '拟招收幼儿数',
    labelEn: 'Planned number of children',
    validate: { required: true, min: 1, max: 2000 },
  },
  'school.classCount': {
    type: 'number',
    label: '班级数',
    labelEn: 'Number of classes',
    validate: { required: true, min: 1, max: 100 },
  },
  'school.hasCanteen': { ...yesNo, label: '自办食堂', labelEn: 'Runs its own canteen' },

  'clinic.name': {
    type: 'textfield',
    label: '诊所名称',
    labelEn: 'Clinic name',
    validate: { required: true, minLength: 2, maxLength: 100 },
  },
  'clinic.address': { type: 'textfield', label: '执业地址', labelEn: 'Clinic address', validate: address },
  'clinic.area': {
    type: 'number',
    label: '建筑面积（平方米）',
    labelEn: 'Floor area (m²)',
    validate: { required: true, min: 1, max: 100000 },
  },
  'clinic.investment': {
    type: 'number',
    label: '投资总额（万元）',
    labelEn: 'Total investment (10,000 yuan)',
    validate: { required: true, min: 0, max: 1000000 },
  },
  'clinic.subjects': {
    type: 'textfield',
    label: '诊疗科目',
    labelEn: 'Clinical subjects',
    validate: { required: true, maxLength: 200 },
  },
  'clinic.doctorCount': {
    type: 'number',
    label: '执业医师人数',
    labelEn: 'Number of physicians',
    validate: { required: true, min: 1, max: 100 },
  },
  'clinic.hasXray': { ...yesNo, label: '配置X射线影像诊断设备', labelEn: 'Has X-ray imaging equipment' },
  'clinic.xrayEquipment': {
    type: 'textarea',
    label: '放射诊疗设备（型号、数量）',
    labelEn: 'Radiology equipment (model, count)',
    validate: { required: true, maxLength: 500 },
  },

  'property.certificateNumber': {
    type: 'textfield',
    label: '不动产权证书号',
    labelEn: 'Title certificate number',
    validate: { required: true, minLength: 5, maxLength: 60 },
  },
  'property.address': {
    type: 'textfield',
    label: '房屋坐落',
    labelEn: 'Address of the flat',
    validate: address,
  },
  'property.area': {
    type: 'number',
    label: '建筑面积（平方米）',
    labelEn: 'Floor area (m²)',
    validate: { required: true, min: 1, max: 10000 },
  },
  'property.price': {
    type: 'number',
    label: '成交价格（万元）',
    labelEn: 'Sale price (10,000 yuan)',
    validate: { required: true, min: 0.01, max: 1000000 },
  },
  'property.heldYears': {
    type: 'number',
    label: '出卖人持有年限（年）',
    labelEn: 'Years held by the seller',
    validate: { required: true, min: 0, max: 100 },
  },
  'property.hasGas': { ...yesNo, label: '已开通管道燃气', labelEn: 'Has piped gas' },
  'property.hasBroadband': { ...yesNo, label: '已开通有线电视/宽带', labelEn: 'Has cable TV or broadband' },
  'property.waterAccount': {
    type: 'textfield',
    label: '供水户号',
    labelEn: 'Water account number',
    validate: { required: true, maxLength: 30 },
  },
  'property.powerAccount': {
    type: 'textfield',
    label: '供电户号',
    labelEn: 'Electricity account number',
    validate: { required: true, maxLength: 30 },
  },
  'property.gasAccount': {
    type: 'textfield',
    label: '燃气户号',
    labelEn: 'Gas account number',
    validate: { required: true, maxLength: 30 },
  },
  'property.broadbandAccount': {
    type: 'textfield',
    label: '有线电视/宽带账号',
    labelEn: 'Cable TV or broadband account',
    validate: { required: true, maxLength: 30 },
  },

  'buyer.name': { type: 'textfield', label: '买受人姓名', labelEn: 'Buyer name', validate: personName },
  'buyer.idNumber': {
    type: 'textfield',
    label: '买受人身份证号码',
    labelEn: 'Buyer ID card number',
    validate: idNumber,
  },
  'buyer.phone': { type: 'textfield', label: '买受人联系电话', labelEn: 'Buyer phone', validate: phone },
  'buyer.firstHome': { ...yesNo, label: '买受人家庭唯一住房', labelEn: "Buyer's family's only home" },
  'seller.name': { type: 'textfield', label: '出卖人姓名', labelEn: 'Seller name', validate: personName },
  'seller.idNumber': {
    type: 'textfield',
    label: '出卖人身份证号码',
    labelEn: 'Seller ID card number',
    validate: idNumber,
  },
  'seller.phone': { type: 'textfield', label: '出卖人联系电话', labelEn: 'Seller phone', validate: phone },

  'fire.safetyManager': {
    type: 'textfield',
    label: '消防安全管理人',
    labelEn: 'Fire-safety manager',
    validate: personName,
  },
  'fire.buildingAcceptanceNumber': {
    type: 'textfield',
    label: '建筑消防验收（备案）文号',
    labelEn: 'Fire acceptance (filing) number of the building',
    validate: { maxLength: 60 },
  },

  'environment.sewageDestination': {
    type: 'select',
    label: '污水排放去向',
    labelEn: 'Where waste water goes',
    values: [
      { label: '市政污水管网', labelEn: 'Municipal sewer', value: 'municipal' },
      { label: '自建处理设施', labelEn: 'On-site treatment', value: 'onSite' },
    ],
    validate: { required: true },
  },
  'environment.hasFumePurifier': { ...yesNo, label: '安装油烟净化设施', labelEn: 'Has a fume purifier' },
} as const satisfies Record<string, FieldDefinition>;

/** A key of the field dictionary, e.g. `shop.area`. */
export type FieldKey = keyof typeof fieldDictionary;

/** Sections of a combined form in display order; a field's section is its key's topic. */
export const fieldSections: readonly FormSection[] = [
  { id: 'applicant', label: '申请人信息', labelEn: 'Applicant' },
  { id: 'buyer', label: '买受人信息', labelEn: 'Buyer' },
  { id: 'seller', label: '出卖人信息', labelEn: 'Seller' },
  { id: 'entity', label: '主体登记信息', labelEn: 'Entity to register' },
  { id: 'shop', label: '店铺信息', labelEn: 'Shop' },
  { id: 'school', label: '幼儿园信息', labelEn: 'Kindergarten' },
  { id: 'clinic', label: '诊所信息', labelEn: 'Clinic' },
  { id: 'property', label: '房屋信息', labelEn: 'Flat' },
  { id: 'fire', label: '消防安全', labelEn: 'Fire safety' },
  { id: 'environment', label: '环境保护', labelEn: 'Environment' },
];

/** Whether `key` is in the field dictionary. */
export function isFieldKey(key: string): key is FieldKey {
  return Object.hasOwn(fieldDictionary, key);
}

/** The form-js field of a dictionary key, with its section. */
export function dictionaryField(key: FieldKey): FormField {
  const definition: FieldDefinition = fieldDictionary[key];
  return { key, ...structuredClone(definition), section: sectionOf(key) } as FormField;
}

/** The form-js fields of dictionary keys, in the order given: how items declare their questions. */
export function dictionaryFields(...keys: FieldKey[]): FormField[] {
  return keys.map(dictionaryField);
}

/** The topic of a field key: `shop.area` → `shop`. */
export function sectionOf(key: string): string {
  const dot = key.indexOf('.');
  return dot < 0 ? key : key.slice(0, dot);
}
