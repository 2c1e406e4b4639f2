import { fieldSections, isFieldKey } from '@yijian/process-library';
import type { Knex } from 'knex';
import type { AuthUser } from '../http/auth';
import { notFound } from '../http/errors';

type Db = Knex | Knex.Transaction;

type Source = 'account' | 'eLicence';
type Party = 'buyer' | 'seller';
const parties: readonly Party[] = ['buyer', 'seller'];

/** A party of a two-party bundle and the form fields that are theirs (their section in the field dictionary). */
interface PartyFields {
  party: Party;
  label: string;
  labelEn: string;
  fieldKeys: string[];
}
interface PrefillValue {
  key: string;
  value: string;
  source: Source;
  licenceNumber: string | null;
}

/**
 * 预填: answers the platform already holds, never asked again (DOMAIN rule 18): the applicant's
 * name from the verified account (as applicant, or as the party they say they are in a two-party
 * bundle such as 二手房买卖), and the business's name and 统一社会信用代码 from the newest
 * e-licence issued to the applicant that names a business. Only fields the bundle's form asks.
 */
export async function prefillFor(
  db: Db,
  user: AuthUser,
  bundleKey: string,
  party: Party | undefined,
): Promise<{ values: PrefillValue[]; parties: PartyFields[] }> {
  const bundle = await db('bundles').where({ key: bundleKey }).first('form_schema');
  if (!bundle) throw notFound('bundle', bundleKey);
  const keys = new Set(
    ((bundle.form_schema?.components ?? []) as { key?: string }[]).flatMap((c) => (c.key ? [c.key] : [])),
  );
  const values: PrefillValue[] = [];
  const add = (
    key: string,
    value: string | null | undefined,
    source: Source,
    licence: string | null = null,
  ) => {
    if (keys.has(key) && value && !values.some((v) => v.key === key))
      values.push({ key, value, source, licenceNumber: licence });
  };
  add('applicant.name', user.displayName, 'account');
  if (party) add(`${party}.name`, user.displayName, 'account');

  const licence = await db('e_licences')
    .where({ holder_user_id: user.id })
    .whereNotNull('holder_entity')
    .orderBy('issued_at', 'desc')
    .first('number', 'holder_entity', 'holder_credit_code');
  if (licence) {
    add('entity.name', licence.holder_entity, 'eLicence', licence.number);
    add('entity.creditCode', licence.holder_credit_code, 'eLicence', licence.number);
    add('entity.uscc', licence.holder_credit_code, 'eLicence', licence.number);
  }
  return { values, parties: partyFields([...keys]) };
}

/**
 * The parties the form asks about, each with its fields, read from the field dictionary's
 * sections (`buyer.*`, `seller.*`): the browser shows the picker and leaves the other party's
 * fields to be typed, without guessing from key names. Empty for single-party bundles.
 */
export function partyFields(formKeys: string[]): PartyFields[] {
  return parties.flatMap((party) => {
    const section = fieldSections.find((s) => s.id === party);
    const fieldKeys = formKeys.filter((key) => isFieldKey(key) && key.startsWith(`${party}.`));
    return section && fieldKeys.length > 0
      ? [{ party, label: section.label, labelEn: section.labelEn, fieldKeys }]
      : [];
  });
}
