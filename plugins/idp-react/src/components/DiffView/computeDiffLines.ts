import { diffLines } from 'diff';

/**
 * One line of a line diff, numbered on the side(s) it exists on.
 */
export interface DiffLine {
  kind: 'added' | 'removed' | 'unchanged';
  text: string;
  /** 1-based line number in the text before the change; absent for added lines. */
  beforeNumber?: number;
  /** 1-based line number in the text after the change; absent for removed lines. */
  afterNumber?: number;
}

function splitIntoLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The line diff of two texts. A missing final newline and CRLF line endings
 * do not count as changes: this view is about content, not line endings.
 */
export function computeDiffLines(before: string, after: string): DiffLine[] {
  const lines: DiffLine[] = [];
  let beforeNumber = 1;
  let afterNumber = 1;
  const changes = diffLines(before, after, {
    ignoreNewlineAtEof: true,
    stripTrailingCr: true,
  });
  for (const change of changes) {
    for (const text of splitIntoLines(change.value)) {
      if (change.added) {
        lines.push({ kind: 'added', text, afterNumber: afterNumber++ });
      } else if (change.removed) {
        lines.push({ kind: 'removed', text, beforeNumber: beforeNumber++ });
      } else {
        lines.push({
          kind: 'unchanged',
          text,
          beforeNumber: beforeNumber++,
          afterNumber: afterNumber++,
        });
      }
    }
  }
  return lines;
}
