import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { StatusChip } from './StatusChip';

const chipOf = (text: string) =>
  screen.getByText(text).closest('.MuiChip-root') as HTMLElement;

describe('StatusChip', () => {
  it('shows the status in a colour shared by its family and distinct from other families', async () => {
    await renderInTestApp(
      <>
        <StatusChip status="approved" />
        <StatusChip status="verified" />
        <StatusChip status="pending" />
        <StatusChip status="failed" />
      </>,
    );
    const background = (text: string) => chipOf(text).style.backgroundColor;
    expect(background('approved')).not.toBe('');
    expect(background('approved')).toBe(background('verified'));
    expect(
      new Set([
        background('approved'),
        background('pending'),
        background('failed'),
      ]).size,
    ).toBe(3);
  });

  it('leaves neutral statuses in the default chip colour', async () => {
    await renderInTestApp(<StatusChip status="cancelled" />);
    expect(chipOf('cancelled').style.backgroundColor).toBe('');
  });

  it('shows a custom label instead of the status', async () => {
    await renderInTestApp(
      <StatusChip status="override-pass" label="Passed by override" />,
    );
    expect(screen.getByText('Passed by override')).toBeInTheDocument();
    expect(screen.queryByText('override-pass')).not.toBeInTheDocument();
  });
});
