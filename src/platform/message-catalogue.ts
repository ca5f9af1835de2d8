// A message catalogue: one domain's texts in both languages of the portal. `defineMessages`
// takes the keys from the Italian texts and makes the type checker refuse an English text
// that is missing or has no Italian counterpart. The app assembles the catalogues it uses in
// one list (src/messages.ts); nothing registers itself by being imported.

export const LOCALES = ['it', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Catalogue<K extends string = string> {
  readonly it: Readonly<Record<K, string>>;
  readonly en: Readonly<Record<K, string>>;
}

/** One domain's texts; English must have exactly the keys Italian has. */
export function defineMessages<K extends string>(texts: { it: Record<K, string>; en: NoInfer<Record<K, string>> }): Catalogue<K> {
  return texts;
}

/** The keys of every catalogue of a list. */
export type KeysOf<C extends Record<string, Catalogue<string>>> = { [D in keyof C]: C[D] extends Catalogue<infer K> ? K : never }[keyof C];

/**
 * The catalogues of a list in one dictionary per language. A key in two catalogues is a
 * programming error (the texts would depend on the order of the list), and so is a key one
 * language lacks (a catalogue built without defineMessages).
 */
export function assembleCatalogues<C extends Record<string, Catalogue<string>>>(catalogues: C): Record<Locale, Record<KeysOf<C>, string>> {
  const assembled: Record<Locale, Record<string, string>> = { it: {}, en: {} };
  const owner = new Map<string, string>();
  for (const [domain, catalogue] of Object.entries(catalogues)) {
    for (const key of Object.keys(catalogue.it)) {
      const other = owner.get(key);
      if (other !== undefined) throw new Error(`message ${key} is in the catalogues ${other} and ${domain}`);
      owner.set(key, domain);
    }
    for (const locale of LOCALES) {
      for (const key of Object.keys(catalogue[locale])) {
        if (owner.get(key) !== domain) throw new Error(`message ${key} of ${domain} exists in ${locale} only`);
      }
      Object.assign(assembled[locale], catalogue[locale]);
    }
    for (const key of Object.keys(catalogue.it)) {
      if (!(key in catalogue.en)) throw new Error(`message ${key} of ${domain} has no English text`);
    }
  }
  return assembled as Record<Locale, Record<KeysOf<C>, string>>;
}
