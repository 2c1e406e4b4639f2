import { dictionaryFields } from '../fieldDictionary';
import { immediateItemSteps } from '../itemSteps';
import { itemMaterial as material } from '../materialDictionary';
import type { ServiceItem } from '../ServiceItem';

// Items for opening a kindergarten or a clinic. Codes are illustrative.

const applicant = ['applicant.name', 'applicant.idNumber', 'applicant.phone'] as const;

/** 民办幼儿园正式设立审批（办学许可证核发）: decided within 3 calendar months. */
export const kindergartenEstablishment: ServiceItem = {
  code: '990120001000',
  codeSource: 'illustrative',
  name: {
    zh: '民办幼儿园正式设立审批（办学许可证核发）',
    en: 'Formal establishment of a private kindergarten (school-running licence)',
  },
  type: 'licensing',
  operation: 'new',
  competentDepartmentId: 'education',
  implementingDepartmentId: 'education',
  legalBasis: '《中华人民共和国民办教育促进法》；《中华人民共和国学前教育法》',
  handlingType: 'promised',
  statutoryLimit: { value: 3, unit: 'calendarMonths' },
  promisedLimit: { value: 2, unit: 'calendarMonths' },
  materials: [
    material('idCard'),
    material('founderQualification'),
    material('premisesProof'),
    material('staffQualifications'),
    material('fundsProof'),
    material('articlesOfAssociation'),
  ],
  fees: [],
  result: { name: { zh: '民办学校办学许可证', en: 'School-running licence' }, licence: 'educationLicence' },
  specialProcedures: [
    { name: { zh: '专家评审', en: 'Expert review' }, expectedWorkingDays: 15, counted: false },
    { name: { zh: '实地考察', en: 'On-site inspection' }, expectedWorkingDays: 5, counted: false },
  ],
  visits: 1,
  level: 'county',
  fields: dictionaryFields(
    ...applicant,
    'entity.ownership',
    'school.name',
    'school.address',
    'school.area',
    'school.capacity',
    'school.classCount',
  ),
};

/** 民办非企业单位成立登记: the registration of a non-profit kindergarten or clinic. */
export const privateNonEnterpriseRegistration: ServiceItem = {
  code: '990130001000',
  codeSource: 'illustrative',
  name: { zh: '民办非企业单位成立登记', en: 'Registration of a private non-enterprise unit' },
  type: 'licensing',
  operation: 'new',
  competentDepartmentId: 'civilAffairs',
  implementingDepartmentId: 'civilAffairs',
  legalBasis: '《民办非企业单位登记管理暂行条例》',
  handlingType: 'promised',
  // 条例: decided within 60 days of receiving all valid documents.
  statutoryLimit: { value: 60, unit: 'calendarDays' },
  promisedLimit: { value: 20, unit: 'calendarDays' },
  materials: [
    material('registrationApplication'),
    material('idCard'),
    material('articlesOfAssociation'),
    material('premisesProof'),
    material('fundsProof'),
  ],
  fees: [],
  result: {
    name: { zh: '民办非企业单位登记证书', en: 'Private non-enterprise registration certificate' },
    licence: 'privateNonEnterpriseCertificate',
  },
  specialProcedures: [],
  visits: 0,
  level: 'county',
  fields: dictionaryFields(...applicant, 'entity.name', 'entity.address', 'entity.scope'),
};

/** 托幼机构卫生评价. */
export const childcareHealthEvaluation: ServiceItem = {
  code: '990140001000',
  codeSource: 'illustrative',
  name: { zh: '托幼机构卫生评价', en: 'Health-care evaluation of a childcare institution' },
  type: 'publicService',
  operation: 'new',
  competentDepartmentId: 'health',
  implementingDepartmentId: 'health',
  legalBasis: '《托儿所幼儿园卫生保健管理办法》',
  handlingType: 'promised',
  statutoryLimit: null,
  promisedLimit: { value: 15, unit: 'workingDays' },
  materials: [
    material('idCard'),
    material('staffHealthCertificates'),
    material('layoutPlan'),
    material('premisesProof'),
  ],
  fees: [],
  result: {
    name: { zh: '托幼机构卫生评价报告', en: 'Health-care evaluation report' },
    licence: 'healthCareEvaluation',
  },
  specialProcedures: [],
  visits: 0,
  level: 'county',
  fields: dictionaryFields(
    ...applicant,
    'school.name',
    'school.address',
    'school.capacity',
    'school.hasCanteen',
  ),
};

/** 诊所备案: most localities moved clinics from 执业登记 to filing, done on the spot. */
export const clinicFiling: ServiceItem = {
  code: '990140002000',
  codeSource: 'illustrative',
  name: { zh: '诊所备案', en: 'Clinic filing' },
  type: 'filing',
  operation: 'new',
  competentDepartmentId: 'health',
  implementingDepartmentId: 'health',
  legalBasis: '《医疗机构管理条例》；《诊所备案管理暂行办法》',
  handlingType: 'immediate',
  statutoryLimit: null,
  promisedLimit: { value: 1, unit: 'workingDays' },
  materials: [
    material('registrationApplication'),
    material('idCard'),
    material('physicianLicence'),
    material('premisesProof'),
    material('layoutPlan'),
  ],
  fees: [],
  result: {
    name: { zh: '诊所备案凭证', en: 'Clinic filing certificate' },
    licence: 'clinicFilingCertificate',
  },
  specialProcedures: [],
  visits: 0,
  level: 'county',
  fields: dictionaryFields(
    ...applicant,
    'clinic.name',
    'clinic.address',
    'clinic.area',
    'clinic.subjects',
    'clinic.doctorCount',
    'clinic.hasXray',
  ),
  steps: [...immediateItemSteps],
};

/** 放射诊疗许可: only for clinics with X-ray equipment. */
export const radiologyLicence: ServiceItem = {
  code: '990140003000',
  codeSource: 'illustrative',
  name: { zh: '放射诊疗许可', en: 'Radiology licence' },
  type: 'licensing',
  operation: 'new',
  competentDepartmentId: 'health',
  implementingDepartmentId: 'health',
  legalBasis: '《中华人民共和国职业病防治法》；《放射诊疗管理规定》',
  handlingType: 'promised',
  statutoryLimit: { value: 20, unit: 'workingDays' },
  promisedLimit: { value: 15, unit: 'workingDays' },
  materials: [
    material('idCard'),
    material('clinicFilingCertificate'),
    material('physicianLicence'),
    material('radiologyEquipmentList'),
    material('radiationAssessment'),
  ],
  fees: [],
  result: { name: { zh: '放射诊疗许可证', en: 'Radiology licence' }, licence: 'radiologyLicence' },
  specialProcedures: [
    {
      name: { zh: '放射防护检测', en: 'Radiation protection testing' },
      expectedWorkingDays: 10,
      counted: false,
    },
  ],
  visits: 1,
  level: 'county',
  fields: dictionaryFields(...applicant, 'clinic.name', 'clinic.address', 'clinic.xrayEquipment'),
};
