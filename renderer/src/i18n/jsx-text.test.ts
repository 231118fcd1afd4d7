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
  return found.map((entry) => `${file}: ${entry}`).filter((entry) => !ALLOWED.has(entry));
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

  it('sends every user-visible string through t()', () => {
    const found = Object.entries(sources).flatMap(([path, text]) => untranslated(path.replace(/^\.\.\//, ''), text));
    expect(found).toEqual([]);
  });
});
