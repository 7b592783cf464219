import { computeDiffLines } from './computeDiffLines';
import { pairLinesSideBySide } from './pairLinesSideBySide';

describe('pairLinesSideBySide', () => {
  it('faces removed lines with added lines of the same block and leaves the rest empty', () => {
    const pairs = pairLinesSideBySide(
      computeDiffLines(
        'keep\nold 1\nold 2\nold 3\nkeep too\n',
        'keep\nnew 1\nkeep too\nextra\n',
      ),
    );
    expect(pairs.map(pair => [pair.before?.text, pair.after?.text])).toEqual([
      ['keep', 'keep'],
      ['old 1', 'new 1'],
      ['old 2', undefined],
      ['old 3', undefined],
      ['keep too', 'keep too'],
      [undefined, 'extra'],
    ]);
  });
});
