import { describe, expect, it } from 'vitest';
import { classifyAgainst, compareVersions, diffSpans, regionKind, summarize, type DiffSpan } from './diff';

const s = (start: number, end: number, label: string, id = `${start}-${end}-${label}`) => ({ id, start, end, label });
const keys = (spans: readonly DiffSpan[]) => spans.map((span) => `${span.start}:${span.end}:${span.label}`);

describe('diffSpans', () => {
  it('pairs exact matches, label and boundary disagreements, and leaves the rest as only one side', () => {
    //            0         1         2         3
    //            0123456789012345678901234567890123
    // text:     "Ann Lee works for Acme in Paris now"
    const model = [s(0, 7, 'PERSON'), s(18, 22, 'GPE'), s(26, 35, 'GPE')];
    const alice = [s(0, 7, 'PERSON'), s(18, 22, 'ORG'), s(26, 31, 'GPE'), s(8, 13, 'ORG')];
    const diff = diffSpans(model, alice);
    expect(diff.same.map(([a, b]) => [a.id, b.id])).toEqual([['0-7-PERSON', '0-7-PERSON']]);
    expect(diff.label.map(([a, b]) => [a.label, b.label])).toEqual([['GPE', 'ORG']]);
    expect(diff.boundary.map(([a, b]) => [keys([a])[0], keys([b])[0]])).toEqual([['26:35:GPE', '26:31:GPE']]);
    expect(keys(diff.onlyA)).toEqual([]);
    expect(keys(diff.onlyB)).toEqual(['8:13:ORG']);
  });

  it('is one-to-one: a long span overlapping two spans pairs with the larger overlap only', () => {
    const diff = diffSpans([s(0, 10, 'ORG')], [s(0, 3, 'ORG'), s(4, 10, 'ORG')]);
    expect(diff.boundary.map(([, b]) => keys([b])[0])).toEqual(['4:10:ORG']);
    expect(keys(diff.onlyB)).toEqual(['0:3:ORG']);
  });

  it('does not depend on input order and handles empty sides', () => {
    const a = [s(5, 9, 'X'), s(0, 3, 'Y')];
    const b = [s(0, 3, 'Z'), s(20, 22, 'X')];
    const forward = diffSpans(a, b);
    const backward = diffSpans([...a].reverse(), [...b].reverse());
    expect(forward).toEqual(backward);
    expect(keys(forward.onlyA)).toEqual(['5:9:X']);
    expect(diffSpans([], b).onlyB).toHaveLength(2);
    expect(diffSpans(a, []).onlyA).toHaveLength(2);
  });

  it('counts a duplicate once per copy', () => {
    const diff = diffSpans([s(0, 3, 'X', 'a'), s(0, 3, 'X', 'b')], [s(0, 3, 'X', 'c')]);
    expect(diff.same).toHaveLength(1);
    expect(diff.onlyA.map((span) => span.id)).toEqual(['b']);
  });
});

describe('classifyAgainst', () => {
  const draft = [s(0, 7, 'PERSON'), s(18, 22, 'ORG')];
  it('says how a span differs from the reference', () => {
    expect(classifyAgainst(s(0, 7, 'PERSON'), draft)).toBeNull();
    expect(classifyAgainst(s(18, 22, 'GPE'), draft)).toBe('label');
    expect(classifyAgainst(s(0, 3, 'PERSON'), draft)).toBe('boundary');
    expect(classifyAgainst(s(4, 7, 'GPE'), draft)).toBe('boundary');
    expect(classifyAgainst(s(8, 12, 'ORG'), draft)).toBe('only');
    expect(classifyAgainst(s(7, 18, 'ORG'), draft)).toBe('only'); // touching is not overlapping
  });
});

describe('compareVersions', () => {
  it('cuts the text into regions of overlapping spans and names each', () => {
    const model = [s(0, 7, 'PERSON'), s(18, 22, 'GPE'), s(26, 35, 'GPE')];
    const alice = [s(0, 7, 'PERSON'), s(18, 22, 'ORG'), s(26, 31, 'GPE'), s(8, 13, 'ORG')];
    const regions = compareVersions([model, alice]);
    expect(regions.map((region) => [region.start, region.end, region.kind])).toEqual([
      [0, 7, 'agree'],
      [8, 13, 'only'],
      [18, 22, 'label'],
      [26, 35, 'boundary'],
    ]);
    expect(keys(regions[1]!.readings[0]!)).toEqual([]);
    expect(keys(regions[1]!.readings[1]!)).toEqual(['8:13:ORG']);
    expect(summarize(regions)).toEqual({ agree: 1, only: 1, label: 1, boundary: 1 });
  });

  it('joins chains of overlaps into one region and keeps touching spans apart', () => {
    const a = [s(0, 5, 'X'), s(4, 9, 'X')];
    const b = [s(8, 12, 'X'), s(12, 14, 'Y')];
    const regions = compareVersions([a, b]);
    expect(regions.map((region) => [region.start, region.end])).toEqual([
      [0, 12],
      [12, 14],
    ]);
    expect(regions[0]!.kind).toBe('boundary');
    expect(regions[1]!.kind).toBe('only');
  });

  it('works for one version, for three, and for none', () => {
    expect(compareVersions([[s(0, 3, 'X')]]).map((region) => region.kind)).toEqual(['agree']);
    const three = compareVersions([[s(0, 3, 'X')], [s(0, 3, 'X')], [s(0, 3, 'Y')]]);
    expect(three.map((region) => region.kind)).toEqual(['label']);
    expect(compareVersions([])).toEqual([]);
    expect(compareVersions([[], []])).toEqual([]);
  });

  it('reads a region whose sides hold the same spans in another order as agreement', () => {
    expect(regionKind([[s(0, 3, 'X'), s(0, 3, 'Y')], [s(0, 3, 'Y'), s(0, 3, 'X')]])).toBe('agree');
    expect(regionKind([[s(0, 3, 'X'), s(0, 3, 'Y')], [s(0, 3, 'X')]])).toBe('label');
    expect(regionKind([[s(0, 3, 'X')], []])).toBe('only');
  });
});
