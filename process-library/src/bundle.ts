import type { LocalizedName } from '@yijian/engine';
import type { FormSchema } from './forms';

/** A bundle (一件事) as catalogue data: its BPMN, its combined form and its lead department. */
export interface Bundle {
  key: string;
  name: LocalizedName;
  description: LocalizedName;
  /** 牵头部门: owns intake and the unified reply. */
  leadDepartmentId: string;
  bpmn: string;
  form: FormSchema;
}
