import { describe, expect, it } from 'vitest';
import {
  addRelation,
  allowedRelationTypes,
  canAddRelation,
  invalidRelations,
  relationsOfSpan,
  removeRelation,
  removeRelationsOfSpan,
  type Relation,
  type RelationTypeRule,
} from './relations';
import type { Span } from './spans';

const types: RelationTypeRule[] = [
  { name: 'works_for', head_types: ['PER'], child_types: ['ORG'] },
  { name: 'located_in', head_types: ['ORG', 'LOC'], child_types: ['LOC'] },
  { name: 'related', head_types: [], child_types: [] },
  { name: 'sibling', head_types: ['PER'], child_types: ['PER'], symmetric: true },
  { name: 'mentions', head_types: [], child_types: ['PER'] },
];

const spans: Span[] = [
  { id: 'alice', start: 0, end: 5, label: 'PER' },
  { id: 'bob', start: 10, end: 13, label: 'PER' },
  { id: 'acme', start: 20, end: 24, label: 'ORG' },
  { id: 'paris', start: 30, end: 35, label: 'LOC' },
];

const names = (list: RelationTypeRule[]) => list.map((t) => t.name);

describe('allowedRelationTypes', () => {
  it('lists the types whose head and child lists admit the labels', () => {
    expect(names(allowedRelationTypes(types, 'PER', 'ORG'))).toEqual(['works_for', 'related']);
    expect(names(allowedRelationTypes(types, 'ORG', 'LOC'))).toEqual(['located_in', 'related']);
  });

  it('treats an empty list as any entity type', () => {
    expect(names(allowedRelationTypes(types, 'DATE', 'PER'))).toEqual(['related', 'mentions']);
    expect(names(allowedRelationTypes(types, 'DATE', 'DATE'))).toEqual(['related']);
  });

  it('respects direction', () => {
    expect(names(allowedRelationTypes(types, 'ORG', 'PER'))).toEqual(['related', 'mentions']);
  });

  it('returns nothing when the project has no relation types', () => {
    expect(allowedRelationTypes([], 'PER', 'ORG')).toEqual([]);
  });

  it('keeps the caller type, so extra fields such as colour come back', () => {
    const coloured = [{ ...types[0]!, color: '#f00' }];
    expect(allowedRelationTypes(coloured, 'PER', 'ORG')[0]?.color).toBe('#f00');
  });
});

describe('canAddRelation', () => {
  const existing: Relation[] = [{ id: 'r1', head: 'alice', child: 'acme', label: 'works_for' }];

  it('accepts an allowed relation', () => {
    expect(canAddRelation(spans, existing, { head: 'bob', child: 'acme', label: 'works_for' }, types)).toEqual({
      ok: true,
    });
  });

  it('refuses a relation to a missing span', () => {
    expect(canAddRelation(spans, [], { head: 'alice', child: 'ghost', label: 'related' }, types)).toMatchObject({
      ok: false,
      reason: 'missing-span',
      message: 'span ghost does not exist',
    });
    expect(canAddRelation(spans, [], { head: 'ghost', child: 'alice', label: 'related' })).toMatchObject({
      reason: 'missing-span',
    });
  });

  it('refuses a relation from a span to itself', () => {
    expect(canAddRelation(spans, [], { head: 'alice', child: 'alice', label: 'related' }, types)).toMatchObject({
      reason: 'self',
    });
  });

  it('refuses an unknown type and a type not allowed between the labels', () => {
    expect(canAddRelation(spans, [], { head: 'alice', child: 'acme', label: 'owns' }, types)).toMatchObject({
      reason: 'unknown-type',
    });
    const check = canAddRelation(spans, [], { head: 'acme', child: 'alice', label: 'works_for' }, types);
    expect(check).toMatchObject({ reason: 'not-allowed' });
    if (!check.ok) expect(check.message).toBe('works_for is not allowed from ORG to PER');
  });

  it('refuses a duplicate, and for a symmetric type also the reverse', () => {
    expect(canAddRelation(spans, existing, { head: 'alice', child: 'acme', label: 'works_for' }, types)).toMatchObject({
      reason: 'duplicate',
    });
    const siblings: Relation[] = [{ id: 's', head: 'alice', child: 'bob', label: 'sibling' }];
    expect(canAddRelation(spans, siblings, { head: 'bob', child: 'alice', label: 'sibling' }, types)).toMatchObject({
      reason: 'duplicate',
    });
  });

  it('allows the reverse of a directed relation, and another label on the same pair', () => {
    const related: Relation[] = [{ id: 'x', head: 'alice', child: 'bob', label: 'related' }];
    expect(canAddRelation(spans, related, { head: 'bob', child: 'alice', label: 'related' }, types).ok).toBe(true);
    expect(canAddRelation(spans, related, { head: 'alice', child: 'bob', label: 'sibling' }, types).ok).toBe(true);
  });

  it('skips label checks without relation types but still refuses duplicates', () => {
    expect(canAddRelation(spans, [], { head: 'acme', child: 'alice', label: 'anything' }).ok).toBe(true);
    expect(canAddRelation(spans, existing, { head: 'alice', child: 'acme', label: 'works_for' })).toMatchObject({
      reason: 'duplicate',
    });
  });
});

describe('relation list helpers', () => {
  const relations: Relation[] = [
    { id: 'r1', head: 'alice', child: 'acme', label: 'works_for' },
    { id: 'r2', head: 'acme', child: 'paris', label: 'located_in' },
    { id: 'r3', head: 'bob', child: 'alice', label: 'related' },
  ];

  it('adds without touching the input and refuses a used id', () => {
    const after = addRelation(relations, { id: 'r4', head: 'bob', child: 'acme', label: 'works_for' });
    expect(after).toHaveLength(4);
    expect(relations).toHaveLength(3);
    expect(() => addRelation(relations, { ...relations[0]! })).toThrow(/already used/);
  });

  it('removes by id', () => {
    expect(removeRelation(relations, 'r2').map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(removeRelation(relations, 'nope')).toEqual(relations);
  });

  it('finds and removes the relations of a span, as head or child', () => {
    expect(relationsOfSpan(relations, 'alice').map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(removeRelationsOfSpan(relations, 'alice').map((r) => r.id)).toEqual(['r2']);
    expect(removeRelationsOfSpan(relations, 'paris').map((r) => r.id)).toEqual(['r1', 'r3']);
  });

  it('finds relations a relabel made invalid', () => {
    const relabelled = spans.map((s) => (s.id === 'acme' ? { ...s, label: 'LOC' } : s));
    expect(invalidRelations(relabelled, relations, types).map((r) => r.id)).toEqual(['r1']);
    expect(invalidRelations(spans, relations, types)).toEqual([]);
  });
});
