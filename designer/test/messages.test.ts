import { describe, expect, it } from 'vitest';
import { accountMessages } from '../src/accountsI18n';
import { adminMessages } from '../src/adminI18n';
import { applicantMessages } from '../src/applicantI18n';
import { decisionMessages } from '../src/decisionsI18n';
import { doneTaskMessages } from '../src/doneTasksI18n';
import { catalogueMessages, formDesignerMessages } from '../src/formsI18n';
import { inboxMessages } from '../src/inboxI18n';
import { incidentMessages } from '../src/incidentsI18n';
import { lifecycleMessages } from '../src/lifecycleI18n';
import { materialMessages } from '../src/materialsI18n';
import { modelerMessages } from '../src/modelerI18n';
import { monitorMessages } from '../src/monitorI18n';
import { rectificationMessages } from '../src/rectificationsI18n';
import { resultMessages } from '../src/resultsI18n';
import { studioMessages } from '../src/studioI18n';

type Dictionary = Record<string, { zh: string; en: string }>;

// The web app spreads these into one dictionary: a key in two of them silently loses one text
// (a timeline once read 「{step}」 because another screen's sentence won).
const dictionaries: Record<string, Dictionary> = {
  accountMessages,
  adminMessages,
  applicantMessages,
  catalogueMessages,
  decisionMessages,
  doneTaskMessages,
  formDesignerMessages,
  inboxMessages,
  incidentMessages,
  lifecycleMessages,
  materialMessages,
  modelerMessages,
  monitorMessages,
  rectificationMessages,
  resultMessages,
  studioMessages,
};

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('The web app’s messages', () => {
  it('should define each key in one dictionary only', () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const [name, dictionary] of Object.entries(dictionaries)) {
      for (const key of Object.keys(dictionary)) {
        const first = owner.get(key);
        if (first) twice.push(`${key}: ${first} and ${name}`);
        else owner.set(key, name);
      }
    }
    expect(twice).toEqual([]);
  });

  it('should fill the same placeholders in Chinese and English', () => {
    const differ: string[] = [];
    for (const dictionary of Object.values(dictionaries)) {
      for (const [key, { zh, en }] of Object.entries(dictionary)) {
        if (placeholders(zh).join() !== placeholders(en).join()) differ.push(`${key}: ${zh} / ${en}`);
      }
    }
    expect(differ).toEqual([]);
  });
});
