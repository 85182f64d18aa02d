import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { siteFileSchema, type SiteFile } from '@hearth/contracts';

export interface SiteFileIssue {
  /** Where in the file: `floors[1].zones[0].capacity`. */
  field: string;
  /** 1-based line and column of that field in the file, when it can be located. */
  line?: number;
  column?: number;
  message: string;
}

export class SiteFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly issues: SiteFileIssue[],
  ) {
    super(`${fileName} is not a valid site file:\n${issues.map((i) => `  - ${formatIssue(fileName, i)}`).join('\n')}`);
    this.name = 'SiteFileError';
  }
}

export function formatIssue(fileName: string, issue: SiteFileIssue): string {
  const at = issue.line ? `${fileName}:${issue.line}:${issue.column ?? 1}` : fileName;
  return `${at} ${issue.field ? `${issue.field}: ` : ''}${issue.message}`;
}

/**
 * Parses and validates a site file (YAML, or JSON, which YAML reads too).
 * Every problem is reported at once, each naming the field and its line, so a
 * planner can fix a file in one pass. Nothing is written here.
 */
export function parseSiteFile(text: string, fileName = 'site file'): SiteFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new SiteFileError(
      fileName,
      doc.errors.map((e) => ({ field: '', line: e.linePos?.[0].line, column: e.linePos?.[0].col, message: e.message.split('\n')[0] ?? e.code })),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new SiteFileError(fileName, [{ field: '', message: (e as Error).message }]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SiteFileError(fileName, [{ field: '', line: 1, column: 1, message: 'the file must hold one object with "site" and "floors"' }]);
  }
  const parsed = siteFileSchema.safeParse(data);
  if (!parsed.success) throw new SiteFileError(fileName, parsed.error.issues.map((issue) => locate(doc, lineCounter, issue, data)));
  return parsed.data;
}

function locate(doc: Document, lines: LineCounter, issue: z.core.$ZodIssue, data: unknown): SiteFileIssue {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  let field = fieldName(path);
  let message = issue.message;
  let node = nodeAt(doc, path);
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    // Point at the first unexpected key itself rather than at its parent object.
    const key = issue.keys[0]!;
    field = fieldName([...path, key]);
    message = issue.keys.length === 1 ? `unknown field "${key}"` : `unknown fields ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    if (node && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key)) node = pair.key;
    }
  }
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union') && valueAt(data, path) === undefined) message = 'is required';
  const offset = node?.range?.[0];
  const pos = offset === undefined ? undefined : lines.linePos(offset);
  return { field, line: pos?.line, column: pos?.col, message };
}

/** The deepest node of the document on the path (a missing field points at its parent). */
function nodeAt(doc: Document, path: (string | number)[]): YamlNode | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (node && typeof node === 'object' && 'range' in node) return node as YamlNode;
  }
  return undefined;
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined), data);
}

function fieldName(path: (string | number)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}
