/// <reference types="vite/client" />
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every user-visible string in the renderer's JSX goes through t(). This scan
 * finds JSX text with letters, string literals given to text attributes
 * (label, placeholder, aria-label, …) and string literals that flow straight
 * into JSX children. Exceptions are listed below, each with its reason.
 */
const sources = import.meta.glob<string>('../**/*.tsx', { query: '?raw', import: 'default', eager: true });
/** Plain modules too: option lists, notices and validation messages are built there as well. */
const modules = import.meta.glob<string>(['../**/*.ts', '!../**/*.test.ts', '!../i18n/**', '!../**/testing.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Attributes whose value people read or hear. */
const TEXT_ATTRIBUTES = new Set([
  'aria-label',
  'label',
  'hint',
  'placeholder',
  'message',
  'alt',
  'title',
  'legend',
  'prompt',
  'empty',
  'nothingFound',
  'currentLabel',
  'submitLabel',
  'submittingLabel',
  'savedNotice',
  'confirmLabel',
  'dismissLabel',
]);

/**
 * "file: text" entries that may stay as they are, each with its reason. Empty
 * today: even units and abbreviations (mmHg, sys, dia) go through t() so that
 * a language may write them its own way.
 */
const ALLOWED = new Map<string, string>([]);

/** Object properties whose string value ends up on screen (option lists, field lists, notices, zod issues). */
const TEXT_PROPERTIES = new Set(['label', 'title', 'hint', 'empty', 'message', 'error', 'notice', 'question', 'text']);

/**
 * Calls whose string argument is shown: state setters for notices and errors,
 * callbacks that carry a notice up, and zod checks whose second argument is the
 * message (`.min(2, 'Too short')`, `.refine(fn, 'Choose one')`).
 */
const TEXT_CALLS = /^(set\w*(Notice|Error|Problem|Refusal)|on(Done|CheckedIn|Saved|Changed)|confirm|alert|notify)$/;
const ZOD_MESSAGE_CALLS = new Set(['min', 'max', 'length', 'regex', 'refine', 'email', 'url', 'uuid']);

/**
 * A literal a person would read: it has a letter, and is not a lone lower-case
 * identifier ('home', 'free_text'), which in these positions is a key or code
 * looked up with t() later. Templates count their fixed text only.
 */
function hasWords(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): boolean {
  if (ts.isStringLiteral(node) && /^[a-z][A-Za-z0-9_]*$/.test(node.text)) return false;
  return /[A-Za-z]/.test(
    node
      .getText()
      .slice(1, -1)
      .replace(/\$\{[^}]*\}/g, ''),
  );
}

function isTextLiteral(
  node: ts.Node,
): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression {
  return (
    (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) &&
    hasWords(node)
  );
}

/** The literal, or a conditional's branches (`busy ? 'A' : 'B'`), that a value position holds. */
function literalsIn(node: ts.Expression): ts.Node[] {
  if (ts.isParenthesizedExpression(node)) return literalsIn(node.expression);
  if (ts.isConditionalExpression(node)) return [...literalsIn(node.whenTrue), ...literalsIn(node.whenFalse)];
  return isTextLiteral(node) ? [node] : [];
}

/**
 * String literals that reach the UI outside JSX by the usual paths: a text
 * property in an object literal, an argument of a notice/error setter, a zod
 * check's message. What this cannot see: text built in a variable first and
 * passed on later (`const m = 'x'; setNotice(m)`), text returned from a helper
 * function, and text in a Map or array without a property name. Those are for
 * review to catch.
 */
function untranslatedOutsideJsx(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAssignment(node) && TEXT_PROPERTIES.has(node.name.getText(source))) {
      found.push(...literalsIn(node.initializer).map((literal) => literal.getText(source)));
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : '';
      if (TEXT_CALLS.test(name)) {
        for (const argument of node.arguments)
          found.push(...literalsIn(argument).map((literal) => literal.getText(source)));
      } else if (ZOD_MESSAGE_CALLS.has(name) && ts.isPropertyAccessExpression(callee)) {
        const message = node.arguments[node.arguments.length - 1];
        if (node.arguments.length >= 2 && message !== undefined) {
          found.push(...literalsIn(message).map((literal) => literal.getText(source)));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function isTextPosition(node: ts.Node): boolean {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (ts.isParenthesizedExpression(parent)) current = parent;
    else if (ts.isConditionalExpression(parent) && parent.condition !== current) current = parent;
    else if (ts.isBinaryExpression(parent) && parent.right === current) current = parent;
    else if (ts.isJsxExpression(parent)) {
      const holder = parent.parent;
      if (ts.isJsxAttribute(holder)) return TEXT_ATTRIBUTES.has(holder.name.getText());
      return ts.isJsxElement(holder) || ts.isJsxFragment(holder);
    } else return false;
  }
}

function untranslated(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /[A-Za-z]/.test(node.text)) found.push(node.text.trim());
    else if (
      ts.isJsxAttribute(node) &&
      node.initializer !== undefined &&
      ts.isStringLiteral(node.initializer) &&
      TEXT_ATTRIBUTES.has(node.name.getText()) &&
      /[A-Za-z]/.test(node.initializer.text)
    ) {
      found.push(node.initializer.text);
    } else if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) &&
      /[A-Za-z]/.test(
        node
          .getText()
          .slice(1, -1)
          .replace(/\$\{[^}]*\}/g, ''),
      ) &&
      isTextPosition(node)
    ) {
      found.push(node.getText());
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  found.push(...untranslatedOutsideJsx(source));
  return found.map((entry) => `${file}: ${entry}`).filter((entry) => !ALLOWED.has(entry));
}

/** The same checks for plain .ts modules (no JSX there). */
function untranslatedInModule(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return untranslatedOutsideJsx(source)
    .map((entry) => `${file}: ${entry}`)
    .filter((entry) => !ALLOWED.has(entry));
}

describe('renderer JSX text', () => {
  it('scans the renderer', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
  });

  it('finds text that skipped t() (the scanner itself works)', () => {
    expect(untranslated('x.tsx', '<p title="Plain words">Hello {name}</p>')).toEqual([
      'x.tsx: Plain words',
      'x.tsx: Hello',
    ]);
    expect(untranslated('x.tsx', "<p>{busy ? 'Saving…' : t('k')}</p>")).toEqual(["x.tsx: 'Saving…'"]);
    expect(untranslated('x.tsx', '<p className="muted">{t(\'k\')}</p>')).toEqual([]);
  });

  it('finds text that reaches the UI outside JSX (notices, option lists, zod messages)', () => {
    expect(untranslated('x.tsx', "setNotice(`Saved ${name}.`); setError(busy ? 'Wait' : null);")).toEqual([
      'x.tsx: `Saved ${name}.`',
      "x.tsx: 'Wait'",
    ]);
    expect(
      untranslatedInModule('x.ts', "const o = [{ value: 'a', label: 'Apple' }]; z.string().min(2, 'Too short');"),
    ).toEqual(["x.ts: 'Apple'", "x.ts: 'Too short'"]);
    expect(
      untranslatedInModule(
        'x.ts',
        "setNotice(t('k')); const o = { value: 'coded', label: t('k') }; z.string().min(2);",
      ),
    ).toEqual([]);
  });

  it('sends every user-visible string through t()', () => {
    const found = Object.entries(sources).flatMap(([path, text]) => untranslated(path.replace(/^\.\.\//, ''), text));
    expect(found).toEqual([]);
  });

  it('sends every user-visible string in plain modules through t()', () => {
    expect(Object.keys(modules).length).toBeGreaterThan(30);
    const found = Object.entries(modules).flatMap(([path, text]) =>
      untranslatedInModule(path.replace(/^\.\.\//, ''), text),
    );
    expect(found).toEqual([]);
  });
});
