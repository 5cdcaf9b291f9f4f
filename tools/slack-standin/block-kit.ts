/**
 * Block Kit validation against the shared JSON Schema (slack-reference/block-kit, draft 2020-12) plus the hard
 * limits of `./limits`. Compiled once per process.
 *
 * The schema lists every block / element type as a `oneOf`; ajv then reports every branch's failure (hundreds of
 * lines for one wrong field). Before compiling, each `oneOf` of `$ref`s that all fix a distinct `type` is rewritten
 * into "type is one of ... and, if type is X, match X": the same language, but errors come only from the branch
 * that the payload's `type` selects.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { findMessageProblems, findViewProblems, formatProblem, type Problem } from './limits';
import { BLOCK_KIT_SCHEMA_PATH, loadJson, referenceSkipped } from './reference';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

interface Validators {
  blocks: ValidateFunction;
  modal: ValidateFunction;
  home: ValidateFunction;
}

let validators: Validators | undefined;

function compile(): Validators {
  if (validators) return validators;
  const schema = loadJson(BLOCK_KIT_SCHEMA_PATH) as JsonObject;
  const id = schema.$id;
  const defs = schema.$defs;
  if (typeof id !== 'string' || !isObject(defs)) throw new Error(`unexpected Block Kit schema shape in ${BLOCK_KIT_SCHEMA_PATH}`);
  discriminateUnions(schema, structuredClone(defs));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(schema);
  const get = (ref: string): ValidateFunction => {
    const fn = ajv.getSchema(ref);
    if (!fn) throw new Error(`Block Kit schema has no ${ref}`);
    return fn;
  };
  validators = { blocks: get(id), modal: get(`${id}#/$defs/modal_view`), home: get(`${id}#/$defs/home_view`) };
  return validators;
}

/** Schema problems of a list of blocks (JSON pointers start at `basePath`). */
export function schemaProblemsForBlocks(blocks: unknown, basePath = '/blocks'): Problem[] {
  if (referenceSkipped()) return [];
  const { blocks: validate } = compile();
  return validate(blocks) ? [] : toProblems(validate.errors, basePath);
}

/** Schema problems of a modal or home view. */
export function schemaProblemsForView(view: unknown): Problem[] {
  if (referenceSkipped()) return [];
  const { modal, home } = compile();
  const validate = isObject(view) && view.type === 'home' ? home : modal;
  return validate(view) ? [] : toProblems(validate.errors, '');
}

/** Everything Slack would reject in a message payload: Block Kit schema plus hard limits. */
export function messageProblems(payload: unknown): Problem[] {
  const out: Problem[] = [];
  if (isObject(payload)) {
    if (Array.isArray(payload.blocks) && payload.blocks.length > 0) out.push(...schemaProblemsForBlocks(payload.blocks, '/blocks'));
    if (Array.isArray(payload.attachments)) {
      payload.attachments.forEach((att, i) => {
        if (isObject(att) && Array.isArray(att.blocks)) out.push(...schemaProblemsForBlocks(att.blocks, `/attachments/${i}/blocks`));
      });
    }
  }
  return dedupe([...out, ...findMessageProblems(payload)]);
}

/** Everything Slack would reject in a view: Block Kit schema plus hard limits. */
export function viewProblems(view: unknown): Problem[] {
  return dedupe([...schemaProblemsForView(view), ...findViewProblems(view)]);
}

/** Human-readable problems Slack would reject a message for; `[]` means Slack accepts it. */
export function validateMessage(payload: unknown): string[] {
  return messageProblems(payload).map(formatProblem);
}

/** Human-readable problems Slack would reject a view for; `[]` means Slack accepts it. */
export function validateView(view: unknown): string[] {
  return viewProblems(view).map(formatProblem);
}

function toProblems(errors: ErrorObject[] | null | undefined, basePath: string): Problem[] {
  return dedupe((errors ?? []).filter((e) => e.keyword !== 'if').map((e) => ({ path: basePath + e.instancePath, message: describe(e) })));
}

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `must NOT have additional property "${String(params.additionalProperty)}"`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Rewrites, in place, each `oneOf` of `$ref`s with distinct `type` constants into a type-discriminated check.
 * `defs` is an untouched copy of `$defs`, so nested unions are recognised whatever order they are rewritten in.
 */
function discriminateUnions(node: Json, defs: JsonObject): void {
  if (Array.isArray(node)) {
    for (const n of node) discriminateUnions(n, defs);
    return;
  }
  if (!isObject(node)) return;
  for (const value of Object.values(node)) discriminateUnions(value, defs);
  const union = node.oneOf;
  if (!Array.isArray(union)) return;
  const branches = flattenBranches(union, defs);
  if (!branches) return;
  delete node.oneOf;
  const checks: Json[] = [
    { type: 'object', required: ['type'], properties: { type: { enum: branches.map((b) => b.type) } } },
    // biome-ignore lint/suspicious/noThenProperty: `then` is JSON Schema's if/then keyword, not a thenable
    ...branches.map((b): Json => ({ if: { properties: { type: { const: b.type } }, required: ['type'] }, then: { $ref: b.ref } })),
  ];
  node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), ...checks];
}

/** The `type` constant and `$ref` of each branch, expanding nested unions; undefined if not cleanly discriminated. */
function flattenBranches(union: Json[], defs: JsonObject): Array<{ type: string; ref: string }> | undefined {
  const out: Array<{ type: string; ref: string }> = [];
  for (const branch of union) {
    if (!isObject(branch) || typeof branch.$ref !== 'string' || Object.keys(branch).length !== 1) return undefined;
    const ref = branch.$ref;
    const def = defs[ref.replace('#/$defs/', '')];
    if (!isObject(def)) return undefined;
    const type = typeConst(def, defs);
    if (type !== undefined) {
      out.push({ type, ref });
      continue;
    }
    // e.g. context elements: image | text_object, where text_object is itself plain_text | mrkdwn
    const nested = Array.isArray(def.oneOf) ? flattenBranches(def.oneOf, defs) : undefined;
    if (!nested) return undefined;
    out.push(...nested);
  }
  const types = new Set(out.map((b) => b.type));
  return types.size === out.length ? out : undefined;
}

function typeConst(def: JsonObject, defs: JsonObject): string | undefined {
  const props = def.properties;
  if (isObject(props) && isObject(props.type) && typeof props.type.const === 'string') return props.type.const;
  if (Array.isArray(def.allOf)) {
    for (const part of def.allOf) {
      if (isObject(part) && typeof part.$ref === 'string') {
        const target = defs[part.$ref.replace('#/$defs/', '')];
        if (isObject(target)) {
          const t = typeConst(target, defs);
          if (t !== undefined) return t;
        }
      }
    }
  }
  return undefined;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
