import { collapseUnchangedLines } from './collapseUnchangedLines';
import { computeDiffLines } from './computeDiffLines';

const lines = (count: number) =>
  Array.from({ length: count }, (_, index) => `line ${index + 1}`).join('\n');

describe('collapseUnchangedLines', () => {
  it('keeps a single far-away unchanged line instead of collapsing it', () => {
    const before = lines(5);
    const after = before.replace('line 5', 'line five');
    const rows = collapseUnchangedLines(computeDiffLines(before, after), 3);
    expect(rows.map(row => row.kind)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
      'removed',
      'added',
    ]);
  });

  it('collapses each far-away run of unchanged lines into one row holding them', () => {
    const before = lines(12);
    const after = before.replace('line 6', 'line six');
    const rows = collapseUnchangedLines(computeDiffLines(before, after), 1);
    expect(
      rows.map(row => (row.kind === 'collapsed' ? row.lines.length : row.kind)),
    ).toEqual([4, 'unchanged', 'removed', 'added', 'unchanged', 5]);
  });
});
