import type { DiffLine } from './computeDiffLines';

/**
 * A run of unchanged lines hidden behind one "n unchanged lines" row.
 */
export interface CollapsedLines {
  kind: 'collapsed';
  lines: DiffLine[];
}

/**
 * Hides unchanged lines further than `contextLines` from any change. A run of
 * a single line stays visible, since its placeholder would take the same room.
 */
export function collapseUnchangedLines(
  lines: DiffLine[],
  contextLines: number,
): Array<DiffLine | CollapsedLines> {
  const distanceToChange = lines.map(() => Infinity);
  let lastChange = -Infinity;
  lines.forEach((line, index) => {
    if (line.kind !== 'unchanged') lastChange = index;
    distanceToChange[index] = index - lastChange;
  });
  let nextChange = Infinity;
  for (let index = lines.length - 1; index >= 0; index--) {
    if (lines[index].kind !== 'unchanged') nextChange = index;
    distanceToChange[index] = Math.min(
      distanceToChange[index],
      nextChange - index,
    );
  }

  const rows: Array<DiffLine | CollapsedLines> = [];
  let hidden: DiffLine[] = [];
  const flushHidden = () => {
    if (hidden.length > 1) rows.push({ kind: 'collapsed', lines: hidden });
    else rows.push(...hidden);
    hidden = [];
  };
  lines.forEach((line, index) => {
    if (distanceToChange[index] > contextLines) {
      hidden.push(line);
    } else {
      flushHidden();
      rows.push(line);
    }
  });
  flushHidden();
  return rows;
}
