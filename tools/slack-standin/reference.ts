import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the shared Slack reference data lives (`../shared/slack-reference` from the project root).
 * `SLACK_REFERENCE_DIR` overrides it.
 */
export const SLACK_REFERENCE_DIR =
  process.env.SLACK_REFERENCE_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'slack-reference');

export const BLOCK_KIT_SCHEMA_PATH = path.join(SLACK_REFERENCE_DIR, 'block-kit', 'slack-block-kit.schema.json');

export interface ArgSpec {
  type?: string | string[];
  desc?: string;
}

export interface MethodSpec {
  name: string;
  httpMethod: string;
  /** Required argument names, as the reference lists them (usually including `token`). */
  required: string[];
  properties: Record<string, ArgSpec>;
  /** Bot scopes of which the method needs one (the one for the conversation's type when it takes a channel); empty when none is needed. */
  botScopes: string[];
}

interface RawMethodFile {
  http_method?: string;
  scope?: { bot?: string[] };
  args?: { required?: string[]; properties?: Record<string, ArgSpec> };
}

const methodsDir = path.join(SLACK_REFERENCE_DIR, 'methods');
let missingAllowed = false;

/** Whether Slack's reference data (method specs, Block Kit schema) is where SLACK_REFERENCE_DIR says. */
export function referenceAvailable(): boolean {
  return existsSync(methodsDir) && existsSync(BLOCK_KIT_SCHEMA_PATH);
}

/**
 * For the sandbox on a clone without `../shared`: when the reference data is missing, every method is accepted
 * (token required, nothing else checked) and Block Kit is checked against the hard limits only. Tests never call it.
 */
export function allowMissingReference(): void {
  missingAllowed = true;
}

/** True when the reference is missing and that was allowed: checks that need it are skipped. */
export function referenceSkipped(): boolean {
  return missingAllowed && !referenceAvailable();
}
let methodNames: Set<string> | undefined;
const specs = new Map<string, MethodSpec>();

function knownMethodNames(): Set<string> {
  if (!methodNames) {
    if (!existsSync(methodsDir)) {
      throw new Error(`Slack reference methods not found at ${methodsDir} (set SLACK_REFERENCE_DIR)`);
    }
    methodNames = new Set(
      readdirSync(methodsDir)
        .filter((f) => f.endsWith('.json') && f !== 'methods.json')
        .map((f) => f.slice(0, -'.json'.length)),
    );
  }
  return methodNames;
}

/** The reference description of a Web API method, or undefined when Slack has no such method. */
export function methodSpec(name: string): MethodSpec | undefined {
  if (referenceSkipped()) return { name, httpMethod: 'POST', required: ['token'], properties: {}, botScopes: [] };
  const cached = specs.get(name);
  if (cached) return cached;
  if (!knownMethodNames().has(name)) return undefined;
  const raw = JSON.parse(readFileSync(path.join(methodsDir, `${name}.json`), 'utf8')) as RawMethodFile;
  const spec: MethodSpec = {
    name,
    httpMethod: raw.http_method ?? 'POST',
    required: raw.args?.required ?? [],
    properties: raw.args?.properties ?? {},
    botScopes: raw.scope?.bot ?? [],
  };
  specs.set(name, spec);
  return spec;
}

export function loadJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The scope a bot token needs for this call, or undefined when it has what it needs: for a method on a
 * conversation the scope of its type (`channels:` public, `groups:` private, `im:`, `mpim:`), else any listed one.
 */
export function missingScope(
  spec: MethodSpec,
  granted: readonly string[],
  conversationType?: 'channels' | 'groups' | 'im' | 'mpim',
): string | undefined {
  if (spec.botScopes.length === 0) return undefined;
  if (conversationType) {
    const family = spec.botScopes.filter((s) => /^(channels|groups|im|mpim):/.test(s));
    const needed = family.find((s) => s.startsWith(`${conversationType}:`));
    if (needed) return granted.includes(needed) ? undefined : needed;
  }
  return spec.botScopes.some((s) => granted.includes(s)) ? undefined : spec.botScopes.join(',');
}
