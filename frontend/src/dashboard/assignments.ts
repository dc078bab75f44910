/**
 * The dashboard's Assignments section in figures: per annotator, documents assigned and done. Pure.
 */
import type { ApiAssignmentFigures } from '../api/types';

export interface AssignmentRow {
  readonly username: string;
  /** "(reviewer)", "(left the project)" or "". */
  readonly note: string;
  readonly assigned: number;
  readonly done: number;
  /** 0..100, whole; 0 when nothing is assigned. */
  readonly percent: number;
  /** "3 / 10". */
  readonly count: string;
}

export function assignmentRows(figures: readonly ApiAssignmentFigures[]): AssignmentRow[] {
  return figures.map((row) => ({
    username: row.username,
    note: row.role === null ? '(left the project)' : row.role === 'annotator' ? '' : `(${row.role})`,
    assigned: row.assigned,
    done: row.done,
    percent: row.assigned ? Math.round((Math.min(row.done, row.assigned) / row.assigned) * 100) : 0,
    count: `${row.done} / ${row.assigned}`,
  }));
}
