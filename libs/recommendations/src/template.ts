/**
 * Sentences of the configuration are templates: `{name}` stands for a value
 * the rule provides (a zone's name, a formatted number). Names are letters
 * and digits, starting with a letter; any other brace is an error.
 */

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholder names a template uses, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** True when the template has a `{` or `}` that is not part of a `{name}`. */
export function hasStrayBrace(template: string): boolean {
  return /[{}]/.test(template.replace(PLACEHOLDER, ''));
}

/** Fills a template; a placeholder without a value is a programming error, so it throws rather than print "{zone}" to a board. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the placeholder {${name}} in "${template}"`);
    return value;
  });
}
