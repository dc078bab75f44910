/**
 * Relations between two spans, and which relation types the project allows between
 * two entity types. Immutable helpers, like spans.ts.
 */
import { findSpan, type Spans } from './spans';

export interface Relation {
  readonly id: string;
  /** Span id of the head. */
  readonly head: string;
  /** Span id of the child. */
  readonly child: string;
  readonly label: string;
}

export type Relations = readonly Relation[];

/** The part of the project's relation type the rules need (API field names). */
export interface RelationTypeRule {
  readonly name: string;
  /** Entity type names allowed as head; empty means any. */
  readonly head_types: readonly string[];
  /** Entity type names allowed as child; empty means any. */
  readonly child_types: readonly string[];
  readonly symmetric?: boolean;
}

function admits(allowed: readonly string[], label: string): boolean {
  return allowed.length === 0 || allowed.includes(label);
}

/**
 * Relation types allowed from a `headLabel` span to a `childLabel` span, in the
 * project's order. Direction is checked as given even for symmetric types: that is
 * the reading every server check accepts, so the editor never offers a type the save
 * would refuse.
 */
export function allowedRelationTypes<T extends RelationTypeRule>(
  relationTypes: readonly T[],
  headLabel: string,
  childLabel: string,
): T[] {
  return relationTypes.filter(
    (type) => admits(type.head_types, headLabel) && admits(type.child_types, childLabel),
  );
}

export type RelationRefusal = 'missing-span' | 'self' | 'unknown-type' | 'not-allowed' | 'duplicate';

export type RelationCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: RelationRefusal; readonly message: string };

/** Two relations that say the same thing (a symmetric type ignores direction). */
function sameRelation(a: Omit<Relation, 'id'>, b: Omit<Relation, 'id'>, symmetric: boolean): boolean {
  if (a.label !== b.label) return false;
  if (a.head === b.head && a.child === b.child) return true;
  return symmetric && a.head === b.child && a.child === b.head;
}

/**
 * Whether `candidate` may join `relations`. Without `relationTypes` the labels are not
 * checked (a project loaded without its types); the spans and duplicates still are.
 */
export function canAddRelation(
  spans: Spans,
  relations: Relations,
  candidate: Omit<Relation, 'id'>,
  relationTypes?: readonly RelationTypeRule[],
): RelationCheck {
  const head = findSpan(spans, candidate.head);
  const child = findSpan(spans, candidate.child);
  if (!head || !child) {
    const missing = head ? candidate.child : candidate.head;
    return { ok: false, reason: 'missing-span', message: `span ${missing} does not exist` };
  }
  if (head.id === child.id) {
    return { ok: false, reason: 'self', message: 'a relation needs two different spans' };
  }
  let symmetric = false;
  if (relationTypes) {
    const type = relationTypes.find((t) => t.name === candidate.label);
    if (!type) {
      return { ok: false, reason: 'unknown-type', message: `unknown relation type ${candidate.label}` };
    }
    if (allowedRelationTypes([type], head.label, child.label).length === 0) {
      return {
        ok: false,
        reason: 'not-allowed',
        message: `${candidate.label} is not allowed from ${head.label} to ${child.label}`,
      };
    }
    symmetric = type.symmetric ?? false;
  }
  if (relations.some((relation) => sameRelation(relation, candidate, symmetric))) {
    return { ok: false, reason: 'duplicate', message: `this ${candidate.label} relation already exists` };
  }
  return { ok: true };
}

export function addRelation(relations: Relations, relation: Relation): Relations {
  if (relations.some((other) => other.id === relation.id)) {
    throw new Error(`relation id ${relation.id} is already used`);
  }
  return [...relations, relation];
}

export function removeRelation(relations: Relations, id: string): Relations {
  return relations.filter((relation) => relation.id !== id);
}

export function relationsOfSpan(relations: Relations, spanId: string): Relation[] {
  return relations.filter((relation) => relation.head === spanId || relation.child === spanId);
}

/** What removing a span does to its relations: they go with it. */
export function removeRelationsOfSpan(relations: Relations, spanId: string): Relations {
  return relations.filter((relation) => relation.head !== spanId && relation.child !== spanId);
}

/** Relations whose type no longer admits their spans' labels (after a relabel). */
export function invalidRelations(
  spans: Spans,
  relations: Relations,
  relationTypes: readonly RelationTypeRule[],
): Relation[] {
  return relations.filter((relation) => {
    const head = findSpan(spans, relation.head);
    const child = findSpan(spans, relation.child);
    const type = relationTypes.find((t) => t.name === relation.label);
    return !head || !child || !type || allowedRelationTypes([type], head.label, child.label).length === 0;
  });
}
