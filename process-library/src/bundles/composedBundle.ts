import type { Bundle } from '../bundle';
import type { BundleComposition } from '../composer/BundleComposition';
import { type ComposeOptions, composeBundle } from '../composer/composeBundle';
import { mergeForms } from '../forms/mergeForms';

/**
 * A composition as a deployable {@link Bundle}: its composed BPMN and its combined form. Items
 * are inlined as embedded sub-processes unless `inlineItems: false` is passed, because the engine
 * cannot run call activities yet.
 */
export async function composedBundle(
  composition: BundleComposition,
  options: ComposeOptions = {},
): Promise<Bundle> {
  return {
    key: composition.key,
    name: composition.name,
    description: composition.description,
    leadDepartmentId: composition.leadDepartmentId,
    bpmn: await composeBundle(composition, { inlineItems: true, ...options }),
    form: mergeForms(composition, options.items ? { items: options.items } : {}),
  };
}
