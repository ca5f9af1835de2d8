// Metadata policies of the OpenID federation (OpenID Federation 1.0 section 6.1): what the
// superiors of an entity impose on its metadata. The policies of a chain are combined from the
// trust anchor down, then applied to the entity's own metadata, operator by operator in the
// order the specification gives (value, add, default, one_of, subset_of, superset_of,
// essential). A value the federation forbids refuses the entity: nothing is silently accepted.
// Pure functions, no I/O.
import { FederationError } from './entity-statement.ts';

export type ParameterPolicy = {
  value?: unknown;
  add?: unknown[];
  default?: unknown;
  one_of?: unknown[];
  subset_of?: unknown[];
  superset_of?: unknown[];
  essential?: boolean;
};
export type TypePolicy = Record<string, ParameterPolicy>;

const OPERATORS = ['value', 'add', 'default', 'one_of', 'subset_of', 'superset_of', 'essential'] as const;

export class PolicyError extends FederationError {
  override name = 'PolicyError';
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const union = (a: unknown[], b: unknown[]): unknown[] => [...a, ...b.filter((x) => !a.some((y) => same(x, y)))];
const intersection = (a: unknown[], b: unknown[]): unknown[] => a.filter((x) => b.some((y) => same(x, y)));
const includesAll = (outer: unknown[], inner: unknown[]): boolean => inner.every((x) => outer.some((y) => same(x, y)));

function checkOperators(name: string, policy: ParameterPolicy): void {
  for (const key of Object.keys(policy)) {
    if (!(OPERATORS as readonly string[]).includes(key)) throw new PolicyError(`${name}: unknown policy operator ${key}`);
  }
  for (const key of ['add', 'one_of', 'subset_of', 'superset_of'] as const) {
    if (policy[key] !== undefined && !Array.isArray(policy[key])) throw new PolicyError(`${name}: ${key} must be a list`);
  }
  if (policy.subset_of && policy.superset_of && !includesAll(policy.subset_of, policy.superset_of)) throw new PolicyError(`${name}: superset_of is not within subset_of`);
  if (policy.value !== undefined && policy.value !== null && policy.one_of && !policy.one_of.some((x) => same(x, policy.value))) throw new PolicyError(`${name}: value is not one_of`);
}

/** One parameter's policy of a superior merged with the one of the level below it. */
export function mergeParameterPolicy(name: string, superior: ParameterPolicy, inferior: ParameterPolicy): ParameterPolicy {
  checkOperators(name, superior);
  checkOperators(name, inferior);
  const merged: ParameterPolicy = { ...superior };
  if (inferior.value !== undefined) {
    if (superior.value !== undefined && !same(superior.value, inferior.value)) throw new PolicyError(`${name}: conflicting value`);
    merged.value = inferior.value;
  }
  if (inferior.add) merged.add = union(superior.add ?? [], inferior.add);
  if (inferior.default !== undefined) {
    if (superior.default !== undefined && !same(superior.default, inferior.default)) throw new PolicyError(`${name}: conflicting default`);
    merged.default = inferior.default;
  }
  if (inferior.one_of) {
    merged.one_of = superior.one_of ? intersection(superior.one_of, inferior.one_of) : inferior.one_of;
    if (merged.one_of.length === 0) throw new PolicyError(`${name}: one_of policies leave no value`);
  }
  if (inferior.subset_of) merged.subset_of = superior.subset_of ? intersection(superior.subset_of, inferior.subset_of) : inferior.subset_of;
  if (inferior.superset_of) merged.superset_of = union(superior.superset_of ?? [], inferior.superset_of);
  if (inferior.essential !== undefined) merged.essential = Boolean(superior.essential) || inferior.essential;
  checkOperators(name, merged);
  return merged;
}

/** The policies of a chain, ordered from the trust anchor's statement down, as one policy. */
export function combinePolicies(policies: readonly (TypePolicy | undefined)[]): TypePolicy {
  const combined: TypePolicy = {};
  for (const policy of policies) {
    for (const [name, parameter] of Object.entries(policy ?? {})) {
      combined[name] = combined[name] ? mergeParameterPolicy(name, combined[name], parameter) : (checkOperators(name, parameter), { ...parameter });
    }
  }
  return combined;
}

/** One parameter after its policy; undefined: the parameter is absent. */
export function applyParameterPolicy(name: string, present: unknown, policy: ParameterPolicy): unknown {
  checkOperators(name, policy);
  let current = present;
  if (policy.value !== undefined) current = policy.value === null ? undefined : policy.value;
  if (policy.add) current = union(current === undefined ? [] : asList(current), policy.add);
  if (current === undefined && policy.default !== undefined) current = policy.default;
  if (policy.one_of && current !== undefined && !policy.one_of.some((x) => same(x, current))) {
    throw new PolicyError(`${name}: ${JSON.stringify(current)} is not one of ${JSON.stringify(policy.one_of)}`);
  }
  if (policy.subset_of && current !== undefined) {
    const kept = intersection(asList(current), policy.subset_of);
    // a parameter left with none of its values is a forbidden configuration, not an absent one
    if (kept.length === 0) throw new PolicyError(`${name}: none of ${JSON.stringify(current)} is allowed (subset_of ${JSON.stringify(policy.subset_of)})`);
    current = kept;
  }
  if (policy.superset_of && current !== undefined && !includesAll(asList(current), policy.superset_of)) {
    throw new PolicyError(`${name}: must include ${JSON.stringify(policy.superset_of)}`);
  }
  if (policy.essential && current === undefined) throw new PolicyError(`${name}: essential and missing`);
  return current;
}

/** The entity's metadata of one type with the combined policy applied. */
export function applyPolicy(metadata: Record<string, unknown>, policy: TypePolicy): Record<string, unknown> {
  const result: Record<string, unknown> = { ...metadata };
  for (const [name, parameter] of Object.entries(policy)) {
    const value = applyParameterPolicy(name, result[name], parameter);
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}
