import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DiffView } from './DiffView';

const rowOf = (text: string) =>
  screen.getByText(text).closest('tr') as HTMLElement;
const cellTexts = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map(cell => cell.textContent);
const numberedLines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => `line ${from + index}`);

describe('DiffView', () => {
  it('shows added and removed lines', async () => {
    await renderInTestApp(
      <DiffView
        before={'replicas: 1\nimage: app:1.0\nport: 8080\n'}
        after={'replicas: 1\nimage: app:1.1\nport: 8080\ndebug: true\n'}
      />,
    );
    expect(cellTexts(rowOf('image: app:1.0'))).toEqual([
      '2',
      '',
      '-removed',
      'image: app:1.0',
    ]);
    expect(cellTexts(rowOf('image: app:1.1'))).toEqual([
      '',
      '2',
      '+added',
      'image: app:1.1',
    ]);
    expect(cellTexts(rowOf('debug: true'))).toEqual([
      '',
      '4',
      '+added',
      'debug: true',
    ]);
    expect(cellTexts(rowOf('replicas: 1'))).toEqual([
      '1',
      '1',
      '',
      'replicas: 1',
    ]);
  });

  it('names the table after both texts', async () => {
    await renderInTestApp(
      <DiffView
        before="a"
        after="b"
        beforeLabel="staging"
        afterLabel="production"
      />,
    );
    expect(
      screen.getByRole('table', { name: 'Changes from staging to production' }),
    ).toBeInTheDocument();
    expect(screen.getByText('staging')).toBeInTheDocument();
    expect(screen.getByText('production')).toBeInTheDocument();
  });

  it('says there are no differences for equal texts', async () => {
    await renderInTestApp(<DiffView before={'a\nb\n'} after={'a\nb\n'} />);
    expect(screen.getByText('No differences')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says there are no differences for two empty texts or a missing final newline', async () => {
    const { unmount } = await renderInTestApp(<DiffView before="" after="" />);
    expect(screen.getByText('No differences')).toBeInTheDocument();
    unmount();
    await renderInTestApp(<DiffView before={'a\r\nb'} after={'a\nb\n'} />);
    expect(screen.getByText('No differences')).toBeInTheDocument();
  });

  it('collapses unchanged lines more than three lines away from a change', async () => {
    const before = numberedLines(1, 20).join('\n');
    const after = before.replace('line 10', 'line ten');
    await renderInTestApp(<DiffView before={before} after={after} />);

    expect(
      screen.getByRole('button', { name: '6 unchanged lines' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: '7 unchanged lines' }),
    ).toBeInTheDocument();
    for (const hidden of [...numberedLines(1, 6), ...numberedLines(14, 20)]) {
      expect(screen.queryByText(hidden)).not.toBeInTheDocument();
    }
    for (const context of [...numberedLines(7, 9), ...numberedLines(11, 13)]) {
      expect(screen.getByText(context)).toBeInTheDocument();
    }
  });

  it('shows collapsed lines when their row is clicked', async () => {
    const before = numberedLines(1, 20).join('\n');
    const after = before.replace('line 10', 'line ten');
    await renderInTestApp(<DiffView before={before} after={after} />);

    await userEvent.click(
      screen.getByRole('button', { name: '6 unchanged lines' }),
    );

    expect(
      screen.queryByRole('button', { name: '6 unchanged lines' }),
    ).not.toBeInTheDocument();
    expect(cellTexts(rowOf('line 1'))).toEqual(['1', '1', '', 'line 1']);
    expect(screen.queryByText('line 20')).not.toBeInTheDocument();
  });

  it('shows removed and added lines side by side in split mode', async () => {
    await renderInTestApp(
      <DiffView
        mode="split"
        before={'name: api\nreplicas: 1\n'}
        after={'name: api\nreplicas: 3\nlimits: small\n'}
        beforeLabel="current"
        afterLabel="proposed"
      />,
    );
    expect(
      screen.getByRole('columnheader', { name: 'current' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'proposed' }),
    ).toBeInTheDocument();
    expect(cellTexts(rowOf('replicas: 1'))).toEqual([
      '2',
      '-removed',
      'replicas: 1',
      '2',
      '+added',
      'replicas: 3',
    ]);
    expect(cellTexts(rowOf('limits: small'))).toEqual([
      '',
      '3',
      '+added',
      'limits: small',
    ]);
    expect(
      cellTexts(
        screen.getAllByText('name: api')[0].closest('tr') as HTMLElement,
      ),
    ).toEqual(['1', '', 'name: api', '1', '', 'name: api']);
  });
});
