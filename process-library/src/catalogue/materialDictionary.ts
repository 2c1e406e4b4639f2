import type { LocalizedName } from '@yijian/engine';

/**
 * 电子证照信任等级 (DOMAIN rule 18): A issued by the authority (use directly), B verified by a clerk
 * (reusable), C uploaded by the user (a clerk must verify before reuse), D self-declared.
 * A is the strongest; an item accepting B also accepts A.
 */
export type TrustLevel = 'A' | 'B' | 'C' | 'D';

/** The e-licences (电子证照) the shipped items accept or issue. */
export type ELicenceType =
  | 'residentIdCard'
  | 'businessLicence'
  | 'foodBusinessLicence'
  | 'tobaccoRetailLicence'
  | 'fireSafetyInspection'
  | 'signagePermit'
  | 'environmentalFiling'
  | 'contractFiling'
  | 'taxPaymentCertificate'
  | 'realEstateCertificate'
  | 'educationLicence'
  | 'privateNonEnterpriseCertificate'
  | 'healthCareEvaluation'
  | 'clinicFilingCertificate'
  | 'radiologyLicence'
  | 'physicianLicence'
  | 'utilityTransferReceipt';

export const eLicenceTypes: Readonly<Record<ELicenceType, LocalizedName>> = {
  residentIdCard: { zh: '居民身份证', en: 'Resident ID card' },
  businessLicence: { zh: '营业执照', en: 'Business licence' },
  foodBusinessLicence: { zh: '食品经营许可证', en: 'Food-business licence' },
  tobaccoRetailLicence: { zh: '烟草专卖零售许可证', en: 'Tobacco retail licence' },
  fireSafetyInspection: { zh: '消防安全检查合格证', en: 'Fire-safety inspection certificate' },
  signagePermit: { zh: '户外招牌设置许可', en: 'Outdoor signage permit' },
  environmentalFiling: { zh: '环境影响登记表备案回执', en: 'Environmental registration receipt' },
  contractFiling: { zh: '存量房买卖合同网签备案证明', en: 'Sale contract filing receipt' },
  taxPaymentCertificate: { zh: '完税证明', en: 'Tax payment certificate' },
  realEstateCertificate: { zh: '不动产权证书', en: 'Real-estate title certificate' },
  educationLicence: { zh: '办学许可证', en: 'School-running licence' },
  privateNonEnterpriseCertificate: {
    zh: '民办非企业单位登记证书',
    en: 'Private non-enterprise registration',
  },
  healthCareEvaluation: { zh: '托幼机构卫生评价报告', en: 'Childcare health-care evaluation' },
  clinicFilingCertificate: { zh: '诊所备案凭证', en: 'Clinic filing certificate' },
  radiologyLicence: { zh: '放射诊疗许可证', en: 'Radiology licence' },
  physicianLicence: { zh: '医师执业证书', en: 'Physician practice certificate' },
  utilityTransferReceipt: { zh: '过户回执', en: 'Utility transfer receipt' },
};

/** One material as the whole catalogue names it, so the service guide can list it once. */
export interface MaterialDefinition {
  name: LocalizedName;
  /** The e-licence that satisfies it without an upload (数据共享, DOMAIN rule 18). */
  eLicence?: ELicenceType;
  /** Lowest trust level accepted for reuse unless an item asks for more. */
  trustLevel?: TrustLevel;
}

/** 材料目录: every material an item may ask for, keyed so that one upload serves many items. */
export const materialDictionary = {
  idCard: {
    name: { zh: '申请人身份证件', en: "Applicant's ID card" },
    eLicence: 'residentIdCard',
    trustLevel: 'A',
  },
  buyerIdCard: {
    name: { zh: '买受人身份证件', en: "Buyer's ID card" },
    eLicence: 'residentIdCard',
    trustLevel: 'A',
  },
  sellerIdCard: {
    name: { zh: '出卖人身份证件', en: "Seller's ID card" },
    eLicence: 'residentIdCard',
    trustLevel: 'A',
  },
  businessLicence: {
    name: { zh: '营业执照', en: 'Business licence' },
    eLicence: 'businessLicence',
    trustLevel: 'B',
  },
  premisesProof: {
    name: {
      zh: '经营（办学、执业）场所使用证明（产权证明或租赁合同）',
      en: 'Proof of use of the premises (title or lease)',
    },
    eLicence: 'realEstateCertificate',
    trustLevel: 'B',
  },
  articlesOfAssociation: { name: { zh: '章程', en: 'Articles of association' } },
  registrationApplication: { name: { zh: '登记（备案）申请书', en: 'Registration application' } },
  foodSafetyRules: {
    name: { zh: '食品安全自查、从业人员健康管理等制度', en: 'Food-safety management rules' },
  },
  layoutPlan: { name: { zh: '场所布局平面图', en: 'Floor plan of the premises' } },
  equipmentList: { name: { zh: '主要设备设施清单', en: 'List of main equipment' } },
  fireSafetyCommitment: { name: { zh: '消防安全告知承诺书', en: 'Fire-safety commitment letter' } },
  fireAcceptanceProof: {
    name: {
      zh: '建设工程消防验收意见书或备案凭证',
      en: 'Fire acceptance opinion or filing receipt of the building',
    },
  },
  fireSafetyPlan: {
    name: { zh: '消防安全制度、灭火和应急疏散预案', en: 'Fire-safety rules and evacuation plan' },
  },
  signDesign: { name: { zh: '招牌设计效果图及尺寸说明', en: 'Sign design drawing with dimensions' } },
  environmentalRegistrationForm: {
    name: { zh: '建设项目环境影响登记表', en: 'Environmental impact registration form' },
  },
  saleContract: { name: { zh: '存量房买卖合同', en: 'Sale contract of the flat' } },
  realEstateCertificate: {
    name: { zh: '不动产权证书', en: 'Real-estate title certificate' },
    eLicence: 'realEstateCertificate',
    trustLevel: 'A',
  },
  contractFilingReceipt: {
    name: { zh: '网签备案证明', en: 'Contract filing receipt' },
    eLicence: 'contractFiling',
    trustLevel: 'A',
  },
  taxPaymentCertificate: {
    name: { zh: '完税（减免税）证明', en: 'Tax payment or exemption certificate' },
    eLicence: 'taxPaymentCertificate',
    trustLevel: 'A',
  },
  founderQualification: { name: { zh: '举办者资格证明', en: "Founder's qualification" } },
  staffQualifications: { name: { zh: '园长、教师资格证明', en: 'Qualifications of the head and teachers' } },
  fundsProof: { name: { zh: '资产及经费来源证明', en: 'Proof of assets and funding' } },
  educationLicence: {
    name: {
      zh: '办学许可证（业务主管单位批准文件）',
      en: 'School-running licence (approval of the supervising body)',
    },
    eLicence: 'educationLicence',
    trustLevel: 'A',
  },
  staffHealthCertificates: { name: { zh: '工作人员健康合格证明', en: 'Health certificates of the staff' } },
  physicianLicence: {
    name: { zh: '医师执业证书', en: 'Physician practice certificate' },
    eLicence: 'physicianLicence',
    trustLevel: 'A',
  },
  clinicFilingCertificate: {
    name: { zh: '诊所备案凭证', en: 'Clinic filing certificate' },
    eLicence: 'clinicFilingCertificate',
    trustLevel: 'A',
  },
  radiologyEquipmentList: { name: { zh: '放射诊疗设备清单', en: 'List of radiology equipment' } },
  radiationAssessment: {
    name: { zh: '放射诊疗建设项目职业病危害控制效果评价报告', en: 'Radiation protection assessment report' },
  },
  utilityAccount: { name: { zh: '原户号缴费凭证', en: 'Last bill of the utility account' } },
} as const satisfies Record<string, MaterialDefinition>;

/** A key of the material dictionary, e.g. `businessLicence`. */
export type MaterialKey = keyof typeof materialDictionary;

/** The dictionary entry of a material; undefined for a key not in the dictionary. */
export function materialDefinition(key: string): MaterialDefinition | undefined {
  return (materialDictionary as Record<string, MaterialDefinition>)[key];
}

/** How an item asks for a material: by default required, one original, no copies. */
export function itemMaterial(
  key: MaterialKey,
  options: {
    requirement?: 'required' | 'secondary';
    originals?: number;
    copies?: number;
    trustLevel?: TrustLevel;
  } = {},
): {
  key: MaterialKey;
  requirement: 'required' | 'secondary';
  originals: number;
  copies: number;
  trustLevel?: TrustLevel;
} {
  return { key, requirement: 'required', originals: 1, copies: 0, ...options };
}
