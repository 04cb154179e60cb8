import * as path from 'path';
import type * as TS from 'typescript';

/** The JSDoc of one config field: its text and its `@default` tag, if any. */
export interface FieldDoc {
  readonly text: string;
  readonly defaultTag?: string;
}

/** Looks up the JSDoc of a config field by its path, e.g. `['components', 'knative', 'domain']`. */
export type Describe = (fieldPath: readonly string[]) => FieldDoc | undefined;

const SCHEMA_FILE = path.join('constructs', 'config', 'schema.ts');
const INPUT_TYPE = 'PlatformConfigInput';

/**
 * Reads the field docs from the TypeScript sources. The JSDoc sits on the zod schema fields of
 * each component's `config.ts`; zod's input type carries it to `PlatformConfigInput`, so the
 * compiler finds it through spreads, imports and shared shapes, and no schema has to repeat
 * it in a `.meta()`. Needs the sources and TypeScript, so only the docs generator and its test
 * call it (TypeScript is loaded here, not when the module is imported).
 */
export function describeFromSources(root: string): Describe {
  const ts = require('typescript') as typeof TS;
  const file = path.join(root, SCHEMA_FILE);
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, skipLibCheck: true, noEmit: true, types: ['node'] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const alias = source?.statements.find((s): s is TS.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === INPUT_TYPE);
  if (!alias) throw new Error(`${SCHEMA_FILE}: no type ${INPUT_TYPE}; the config reference reads the field docs from it`);
  const root_ = checker.getTypeAtLocation(alias.name);

  // A field of an object, of any member of a union (discriminated unions), or of an array's items.
  const field = (type: TS.Type, name: string): TS.Symbol | undefined => {
    const t = checker.getNonNullableType(type);
    for (const member of t.isUnion() ? t.types : [t]) {
      const items = checker.isArrayType(member) ? checker.getTypeArguments(member as TS.TypeReference)[0] : member;
      const p = items?.getProperty(name);
      if (p) return p;
    }
    return undefined;
  };

  return (fieldPath) => {
    let type = root_;
    let symbol: TS.Symbol | undefined;
    for (const name of fieldPath) {
      symbol = field(type, name);
      if (!symbol) return undefined;
      type = checker.getTypeOfSymbol(symbol);
    }
    if (!symbol) return undefined;
    const tag = symbol.getJsDocTags(checker).find((t) => t.name === 'default');
    return { text: ts.displayPartsToString(symbol.getDocumentationComment(checker)), ...(tag ? { defaultTag: ts.displayPartsToString(tag.text) } : {}) };
  };
}
