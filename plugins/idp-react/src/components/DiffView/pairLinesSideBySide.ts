import type { DiffLine } from './computeDiffLines';

/**
 * One row of a side-by-side diff: the line before and the line after, either
 * of which may be missing.
 */
export interface SideBySideLine {
  before?: DiffLine;
  after?: DiffLine;
}

/**
 * Pairs a unified line diff into side-by-side rows: unchanged lines face
 * themselves, and within each block of changes the n-th removed line faces
 * the n-th added line.
 */
export function pairLinesSideBySide(lines: DiffLine[]): SideBySideLine[] {
  const rows: SideBySideLine[] = [];
  let removed: DiffLine[] = [];
  let added: DiffLine[] = [];
  const flushBlock = () => {
    for (
      let index = 0;
      index < Math.max(removed.length, added.length);
      index++
    ) {
      rows.push({ before: removed[index], after: added[index] });
    }
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.kind === 'removed') {
      removed.push(line);
    } else if (line.kind === 'added') {
      added.push(line);
    } else {
      flushBlock();
      rows.push({ before: line, after: line });
    }
  }
  flushBlock();
  return rows;
}
