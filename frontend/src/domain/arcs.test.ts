import { describe, expect, it } from 'vitest';
import { arcPath, layoutArcs, type ArcRelation, type ArcSegment, type SpanBox } from './arcs';

// Spans on line y=100 at x 0, 100, 200, 300 (width 40, centres at 20, 120, 220, 320),
// and one on the next line y=140.
const boxes = new Map<string, SpanBox>([
  ['a', { x: 0, y: 100, width: 40 }],
  ['b', { x: 100, y: 100, width: 40 }],
  ['c', { x: 200, y: 100, width: 40 }],
  ['d', { x: 300, y: 100, width: 40 }],
  ['e', { x: 60, y: 140, width: 40 }],
]);
const options = { levelHeight: 10, baseGap: 5, minGap: 2, labelWidth: () => 20, lineStart: 0, lineEnd: 500 };
const rel = (id: string, head: string, child: string, label = 'r'): ArcRelation => ({ id, head, child, label });
const levelOf = (result: ReturnType<typeof layoutArcs>, id: string) =>
  result.arcs.find((arc) => arc.relationId === id)?.segments[0]?.level;

describe('layoutArcs', () => {
  it('lays one arc between the span centres with its label at the middle', () => {
    const { arcs, levelsByLine } = layoutArcs(boxes, [rel('r1', 'a', 'b', 'works_for')], options);
    expect(arcs).toEqual([
      {
        relationId: 'r1',
        label: 'works_for',
        direction: 'right',
        segments: [{ y: 100, x1: 20, x2: 120, level: 0, peakY: 85, leftAnchored: true, rightAnchored: true }],
        labelX: 70,
        labelY: 85,
      },
    ]);
    expect(levelsByLine.get(100)).toBe(1);
  });

  it('orders the ends left to right whatever the direction, and says the direction', () => {
    const [arc] = layoutArcs(boxes, [rel('r1', 'c', 'a')], options).arcs;
    expect(arc?.direction).toBe('left');
    expect(arc?.segments[0]).toMatchObject({ x1: 20, x2: 220 });
  });

  it('keeps disjoint arcs on one level', () => {
    const result = layoutArcs(boxes, [rel('r1', 'a', 'b'), rel('r2', 'c', 'd')], options);
    expect(levelOf(result, 'r1')).toBe(0);
    expect(levelOf(result, 'r2')).toBe(0);
    expect(result.levelsByLine.get(100)).toBe(1);
  });

  it('puts an enclosing arc above the arc it encloses, whatever the input order', () => {
    const result = layoutArcs(boxes, [rel('outer', 'a', 'd'), rel('inner', 'b', 'c')], options);
    expect(levelOf(result, 'inner')).toBe(0);
    expect(levelOf(result, 'outer')).toBe(1);
    const outer = result.arcs.find((arc) => arc.relationId === 'outer');
    expect(outer?.labelY).toBe(75);
  });

  it('separates crossing arcs and arcs sharing a span', () => {
    const crossing = layoutArcs(boxes, [rel('r1', 'a', 'c'), rel('r2', 'b', 'd')], options);
    expect(new Set([levelOf(crossing, 'r1'), levelOf(crossing, 'r2')]).size).toBe(2);
    const chained = layoutArcs(boxes, [rel('r1', 'a', 'b'), rel('r2', 'b', 'c')], options);
    expect(new Set([levelOf(chained, 'r1'), levelOf(chained, 'r2')]).size).toBe(2);
  });

  it('reserves room for a label wider than its arc', () => {
    const close = new Map<string, SpanBox>([
      ['a', { x: 0, y: 0, width: 10 }],
      ['b', { x: 20, y: 0, width: 10 }],
      ['c', { x: 60, y: 0, width: 10 }],
      ['d', { x: 80, y: 0, width: 10 }],
    ]);
    const narrowLabels = layoutArcs(close, [rel('r1', 'a', 'b'), rel('r2', 'c', 'd')], { ...options, labelWidth: () => 10 });
    expect(narrowLabels.levelsByLine.get(0)).toBe(1);
    const wideLabels = layoutArcs(close, [rel('r1', 'a', 'b'), rel('r2', 'c', 'd')], { ...options, labelWidth: () => 60 });
    expect(wideLabels.levelsByLine.get(0)).toBe(2);
  });

  it('lays arcs on different lines independently', () => {
    const twoLines = new Map<string, SpanBox>([
      ...boxes,
      ['f', { x: 200, y: 140, width: 40 }],
      ['g', { x: 0, y: 140, width: 40 }],
    ]);
    const result = layoutArcs(twoLines, [rel('r1', 'a', 'c'), rel('r2', 'g', 'f')], options);
    expect(levelOf(result, 'r1')).toBe(0);
    expect(levelOf(result, 'r2')).toBe(0);
    expect(result.levelsByLine.get(140)).toBe(1);
  });

  it('splits a relation across lines into two open-ended segments', () => {
    const { arcs, levelsByLine } = layoutArcs(boxes, [rel('r1', 'e', 'c', 'lbl')], options);
    const arc = arcs[0];
    expect(arc?.direction).toBe('left'); // the child (line 1) comes before the head (line 2)
    expect(arc?.segments).toEqual([
      { y: 100, x1: 220, x2: 500, level: 0, peakY: 85, leftAnchored: true, rightAnchored: false },
      { y: 140, x1: 0, x2: 80, level: 0, peakY: 125, leftAnchored: false, rightAnchored: true },
    ]);
    expect(arc?.labelX).toBe(360);
    expect(arc?.labelY).toBe(85);
    expect(levelsByLine.get(100)).toBe(1);
    expect(levelsByLine.get(140)).toBe(1);
  });

  it('skips relations whose spans have no box', () => {
    const { arcs } = layoutArcs(boxes, [rel('r1', 'a', 'ghost'), rel('r2', 'a', 'b')], options);
    expect(arcs.map((arc) => arc.relationId)).toEqual(['r2']);
  });

  it('returns nothing for no relations', () => {
    expect(layoutArcs(boxes, [])).toEqual({ arcs: [], levelsByLine: new Map() });
  });

  it('never lets two segments on one line and level collide', () => {
    const many = new Map<string, SpanBox>();
    for (let i = 0; i < 30; i++) many.set(`s${i}`, { x: i * 30, y: (i % 3) * 50, width: 20 });
    const relations: ArcRelation[] = [];
    for (let i = 0; i < 60; i++) relations.push(rel(`r${i}`, `s${(i * 7) % 30}`, `s${(i * 11 + 3) % 30}`, 'x'.repeat(i % 5)));
    const { arcs } = layoutArcs(many, relations, { ...options, labelWidth: () => 0 });
    const all: ArcSegment[] = arcs.flatMap((arc) => arc.segments);
    for (const p of all) {
      for (const q of all) {
        if (p === q || p.y !== q.y || p.level !== q.level) continue;
        expect(p.x1 < q.x2 + 2 && q.x1 < p.x2 + 2).toBe(false);
      }
    }
  });
});

describe('arcPath', () => {
  it('draws up, across and down for an arc anchored at both ends', () => {
    expect(arcPath({ y: 100, x1: 20, x2: 120, level: 0, peakY: 85, leftAnchored: true, rightAnchored: true })).toBe(
      'M 20 100 V 85 H 120 V 100',
    );
  });

  it('leaves the open end of a cross-line segment in the air', () => {
    expect(arcPath({ y: 100, x1: 220, x2: 500, level: 0, peakY: 85, leftAnchored: true, rightAnchored: false })).toBe(
      'M 220 100 V 85 H 500',
    );
    expect(arcPath({ y: 140, x1: 0, x2: 80, level: 0, peakY: 125, leftAnchored: false, rightAnchored: true })).toBe(
      'M 0 125 H 80 V 140',
    );
  });
});
