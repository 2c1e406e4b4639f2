/** What kind of catalogue problem an issue is; stable, for the Studio to group and link. */
export type CatalogueIssueCode =
  | 'cycle'
  | 'unknownItem'
  | 'duplicateItem'
  | 'unknownPrerequisite'
  | 'unknownField'
  | 'unknownMaterial'
  | 'fieldConflict'
  | 'invalidField'
  | 'invalidCondition'
  | 'promisedExceedsStatutory'
  | 'mixedLimitUnits'
  | 'invalidLimit'
  | 'missingDepartment'
  | 'unknownDepartment';

/** One problem in the catalogue or a bundle composition, said so that an admin can fix it. */
export interface CatalogueIssue {
  code: CatalogueIssueCode;
  /** Errors block deployment; warnings are shown to the admin (e.g. limits in mixed units). */
  severity: 'error' | 'warning';
  message: string;
  /** The items (事项编码) the issue is about, when it is about items. */
  itemCodes?: string[];
  fieldKey?: string;
  bundleKey?: string;
  /** The FEEL condition the issue is about (`invalidCondition`), as written. */
  condition?: string;
}

/** A catalogue or bundle composition that cannot be used; `issues` names every problem. */
export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
  constructor(
    message: string,
    readonly issues: CatalogueIssue[],
  ) {
    super(message);
  }

  toJSON() {
    return { name: this.name, message: this.message, issues: this.issues };
  }
}
