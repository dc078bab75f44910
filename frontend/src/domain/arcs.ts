/**
 * Layout of relations as labelled arcs drawn above the text.
 *
 * Pure geometry: the renderer measures where each span sits (its box) and draws what
 * this returns. An arc rises from the head span, runs level, and comes down on the
 * child span. Arcs on one line whose horizontal extents (including their label) meet
 * are put on different height levels; shorter arcs go lower, so nested arcs nest
 * visibly. A relation between spans on different lines is drawn as two open-ended
 * segments: from the earlier span to the line's right edge, and from the next line's
 * left edge to the later span.
 */

export interface SpanBox {
  /** Left edge of the span's first line fragment. */
  readonly x: number;
  /** Top of the line the span starts on: spans on one line share it exactly. */
  readonly y: number;
  readonly width: number;
}

export interface ArcRelation {
  readonly id: string;
  readonly head: string;
  readonly child: string;
  readonly label: string;
}

export interface ArcOptions {
  /** Vertical distance between two levels. */
  readonly levelHeight?: number;
  /** Distance from the top of the line to the lowest level. */
  readonly baseGap?: number;
  /** Horizontal clearance kept between two arcs on one level. */
  readonly minGap?: number;
  /** Width a label takes when drawn; a rough guess by default. */
  readonly labelWidth?: (label: string) => number;
  /** Left and right edges of the text lines, where a cross-line segment runs to. */
  readonly lineStart?: number;
  readonly lineEnd?: number;
}

export interface ArcSegment {
  /** Top of the line this segment sits on. */
  readonly y: number;
  /** Left and right ends, x1 <= x2. */
  readonly x1: number;
  readonly x2: number;
  /** 0 is nearest the text. */
  readonly level: number;
  /** y of the level part of the arc. */
  readonly peakY: number;
  /** Whether the left/right end comes down onto a span (false: runs off the line edge). */
  readonly leftAnchored: boolean;
  readonly rightAnchored: boolean;
}

export interface ArcLayout {
  readonly relationId: string;
  readonly label: string;
  /** `right`: the child comes after the head in reading order, so the arrow points right. */
  readonly direction: 'left' | 'right';
  readonly segments: readonly ArcSegment[];
  readonly labelX: number;
  readonly labelY: number;
}

export interface ArcLayoutResult {
  readonly arcs: ArcLayout[];
  /** Levels used on each line (keyed by line y): the room the renderer leaves above it. */
  readonly levelsByLine: Map<number, number>;
}

const DEFAULTS = {
  levelHeight: 16,
  baseGap: 6,
  minGap: 4,
  labelWidth: (label: string) => 7 * label.length + 8,
  lineStart: 0,
  lineEnd: Number.POSITIVE_INFINITY,
};

interface PendingSegment {
  readonly arcIndex: number;
  readonly y: number;
  readonly x1: number;
  readonly x2: number;
  readonly leftAnchored: boolean;
  readonly rightAnchored: boolean;
  /** Extent reserved on its level: the segment widened to fit the label it carries. */
  readonly reserveLeft: number;
  readonly reserveRight: number;
  readonly carriesLabel: boolean;
}

function centre(box: SpanBox): number {
  return box.x + box.width / 2;
}

function reserve(
  base: Omit<PendingSegment, 'reserveLeft' | 'reserveRight'>,
  labelWidth: number,
): PendingSegment {
  if (!base.carriesLabel) return { ...base, reserveLeft: base.x1, reserveRight: base.x2 };
  const middle = (base.x1 + base.x2) / 2;
  return {
    ...base,
    reserveLeft: Math.min(base.x1, middle - labelWidth / 2),
    reserveRight: Math.max(base.x2, middle + labelWidth / 2),
  };
}

export function layoutArcs(
  boxes: ReadonlyMap<string, SpanBox>,
  relations: readonly ArcRelation[],
  options: ArcOptions = {},
): ArcLayoutResult {
  const settings = { ...DEFAULTS, ...options };
  const placed: ArcRelation[] = [];
  const pending: PendingSegment[] = [];

  for (const relation of relations) {
    const head = boxes.get(relation.head);
    const child = boxes.get(relation.child);
    if (!head || !child) continue; // a span not rendered (yet): nothing to attach to
    const arcIndex = placed.push(relation) - 1;
    const labelWidth = settings.labelWidth(relation.label);
    if (head.y === child.y) {
      const [x1, x2] = [centre(head), centre(child)].sort((a, b) => a - b) as [number, number];
      pending.push(
        reserve({ arcIndex, y: head.y, x1, x2, leftAnchored: true, rightAnchored: true, carriesLabel: true }, labelWidth),
      );
    } else {
      const [first, second] = head.y < child.y ? [head, child] : [child, head];
      const firstX = centre(first);
      const secondX = centre(second);
      pending.push(
        reserve(
          {
            arcIndex,
            y: first.y,
            x1: firstX,
            x2: Math.max(firstX, settings.lineEnd),
            leftAnchored: true,
            rightAnchored: false,
            carriesLabel: true,
          },
          labelWidth,
        ),
        reserve(
          {
            arcIndex,
            y: second.y,
            x1: Math.min(settings.lineStart, secondX),
            x2: secondX,
            leftAnchored: false,
            rightAnchored: true,
            carriesLabel: false,
          },
          labelWidth,
        ),
      );
    }
  }

  // Shortest first on each line, so an arc inside another gets the lower level.
  const order = [...pending.keys()].sort((a, b) => {
    const sa = pending[a] as PendingSegment;
    const sb = pending[b] as PendingSegment;
    return (
      sa.y - sb.y ||
      sa.reserveRight - sa.reserveLeft - (sb.reserveRight - sb.reserveLeft) ||
      sa.reserveLeft - sb.reserveLeft ||
      a - b
    );
  });

  // occupied.get(y)[level] = extents already reserved on that level of that line.
  const occupied = new Map<number, [number, number][][]>();
  const levels: number[] = new Array<number>(pending.length).fill(0);
  for (const index of order) {
    const segment = pending[index] as PendingSegment;
    const lineLevels = occupied.get(segment.y) ?? [];
    occupied.set(segment.y, lineLevels);
    const fits = (extents: [number, number][]) =>
      extents.every(
        ([left, right]) =>
          !(segment.reserveLeft < right + settings.minGap && left < segment.reserveRight + settings.minGap),
      );
    let level = lineLevels.findIndex(fits);
    if (level < 0) level = lineLevels.push([]) - 1;
    (lineLevels[level] as [number, number][]).push([segment.reserveLeft, segment.reserveRight]);
    levels[index] = level;
  }

  const peakY = (y: number, level: number) => y - settings.baseGap - (level + 1) * settings.levelHeight;
  const segmentsByArc: ArcSegment[][] = placed.map(() => []);
  const labelAt: { x: number; y: number }[] = [];
  pending.forEach((segment, index) => {
    const level = levels[index] as number;
    const laid: ArcSegment = {
      y: segment.y,
      x1: segment.x1,
      x2: segment.x2,
      level,
      peakY: peakY(segment.y, level),
      leftAnchored: segment.leftAnchored,
      rightAnchored: segment.rightAnchored,
    };
    (segmentsByArc[segment.arcIndex] as ArcSegment[]).push(laid);
    if (segment.carriesLabel) labelAt[segment.arcIndex] = { x: (laid.x1 + laid.x2) / 2, y: laid.peakY };
  });

  const arcs: ArcLayout[] = placed.map((relation, arcIndex) => {
    const head = boxes.get(relation.head) as SpanBox;
    const child = boxes.get(relation.child) as SpanBox;
    const childAfterHead = child.y > head.y || (child.y === head.y && centre(child) >= centre(head));
    const label = labelAt[arcIndex] as { x: number; y: number };
    return {
      relationId: relation.id,
      label: relation.label,
      direction: childAfterHead ? 'right' : 'left',
      segments: segmentsByArc[arcIndex] as ArcSegment[],
      labelX: label.x,
      labelY: label.y,
    };
  });

  const levelsByLine = new Map<number, number>();
  for (const [y, lineLevels] of occupied) levelsByLine.set(y, lineLevels.length);
  return { arcs, levelsByLine };
}

/** SVG path data for one segment: up from an anchored end, across, down to the other. */
export function arcPath(segment: ArcSegment): string {
  const start = segment.leftAnchored ? `M ${segment.x1} ${segment.y} V ${segment.peakY}` : `M ${segment.x1} ${segment.peakY}`;
  const end = segment.rightAnchored ? ` V ${segment.y}` : '';
  return `${start} H ${segment.x2}${end}`;
}
