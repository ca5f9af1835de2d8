// The metadata policy operators one by one, their combination down a chain, and the refusals.
import { describe, expect, it } from 'vitest';
import { applyParameterPolicy, applyPolicy, combinePolicies, mergeParameterPolicy, PolicyError } from '../../../../src/identity/federation/metadata-policy.ts';

describe('each operator', () => {
  it('value sets the parameter, null removes it', () => {
    expect(applyParameterPolicy('a', 'x', { value: 'y' })).toBe('y');
    expect(applyParameterPolicy('a', undefined, { value: ['y'] })).toEqual(['y']);
    expect(applyParameterPolicy('a', 'x', { value: null })).toBeUndefined();
  });

  it('add adds the values not there yet', () => {
    expect(applyParameterPolicy('a', ['x'], { add: ['x', 'y'] })).toEqual(['x', 'y']);
    expect(applyParameterPolicy('a', undefined, { add: ['y'] })).toEqual(['y']);
  });

  it('default applies only to an absent parameter', () => {
    expect(applyParameterPolicy('a', undefined, { default: 'd' })).toBe('d');
    expect(applyParameterPolicy('a', 'x', { default: 'd' })).toBe('x');
  });

  it('one_of refuses a value outside the list', () => {
    expect(applyParameterPolicy('a', 'RS256', { one_of: ['RS256', 'ES256'] })).toBe('RS256');
    expect(() => applyParameterPolicy('a', 'HS256', { one_of: ['RS256', 'ES256'] })).toThrow(PolicyError);
    expect(applyParameterPolicy('a', undefined, { one_of: ['RS256'] })).toBeUndefined();
  });

  it('subset_of keeps the allowed values and refuses a parameter left with none', () => {
    expect(applyParameterPolicy('a', ['private_key_jwt', 'client_secret_basic'], { subset_of: ['private_key_jwt'] })).toEqual(['private_key_jwt']);
    expect(() => applyParameterPolicy('a', ['client_secret_basic'], { subset_of: ['private_key_jwt'] })).toThrow(PolicyError);
  });

  it('superset_of refuses a list missing a required value', () => {
    expect(applyParameterPolicy('a', ['S256', 'plain'], { superset_of: ['S256'] })).toEqual(['S256', 'plain']);
    expect(() => applyParameterPolicy('a', ['plain'], { superset_of: ['S256'] })).toThrow(PolicyError);
  });

  it('essential refuses an absent parameter', () => {
    expect(applyParameterPolicy('a', 'x', { essential: true })).toBe('x');
    expect(() => applyParameterPolicy('a', undefined, { essential: true })).toThrow(PolicyError);
    expect(applyParameterPolicy('a', undefined, { essential: false })).toBeUndefined();
  });

  it('refuses an operator it does not know (it could not honour it)', () => {
    expect(() => applyParameterPolicy('a', 'x', { regexp: '.*' } as never)).toThrow(/unknown policy operator/);
  });
});

describe('a chain of policies', () => {
  it('merges from the anchor down: subset_of and one_of intersect, add and superset_of unite, essential is kept', () => {
    const merged = mergeParameterPolicy('a', { subset_of: ['x', 'y', 'z'], add: ['p'], essential: true }, { subset_of: ['y', 'z', 'w'], add: ['q'], essential: false });
    expect(merged).toEqual({ subset_of: ['y', 'z'], add: ['p', 'q'], essential: true });
    expect(mergeParameterPolicy('a', { one_of: ['a', 'b'] }, { one_of: ['b', 'c'] })).toEqual({ one_of: ['b'] });
  });

  it('refuses policies that contradict each other', () => {
    expect(() => mergeParameterPolicy('a', { value: 'x' }, { value: 'y' })).toThrow(PolicyError);
    expect(() => mergeParameterPolicy('a', { one_of: ['a'] }, { one_of: ['b'] })).toThrow(PolicyError);
  });

  it('applies the combined policy to the metadata', () => {
    const policy = combinePolicies([
      { token_endpoint_auth_methods_supported: { subset_of: ['private_key_jwt', 'client_secret_basic'] }, contacts: { add: ['ta@example.it'] } },
      undefined,
      { token_endpoint_auth_methods_supported: { subset_of: ['private_key_jwt'] }, logo_uri: { default: 'https://x/logo.svg' } },
    ]);
    const result = applyPolicy({ token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'], contacts: ['op@example.it'], issuer: 'https://op' }, policy);
    expect(result).toEqual({
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      contacts: ['op@example.it', 'ta@example.it'],
      logo_uri: 'https://x/logo.svg',
      issuer: 'https://op',
    });
  });
});
