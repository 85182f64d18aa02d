/** Lower case without accents or apostrophes: "Children's Bibliothèque" -> "childrens bibliotheque". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2019]/g, '');
}

/** Turns a name into a Hearth key: lower-case a-z, 0-9 and "-", at most 63 characters. */
export function slugify(text: string): string {
  return foldText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}
