import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { DEFAULT_ENVIRONMENTS } from '@idp-platform/backstage-plugin-idp-common';
import { EnvironmentChips } from './EnvironmentChips';

describe('EnvironmentChips', () => {
  it('lists the environments in promotion order with arrows between them', async () => {
    await renderInTestApp(
      <EnvironmentChips environments={DEFAULT_ENVIRONMENTS} />,
    );
    const list = screen.getByRole('list', { name: 'Promotion order' });
    const items = within(list).getAllByRole('listitem');
    expect(
      items.map(item => within(item).getByText(/^\w+$/).textContent),
    ).toEqual(['Development', 'Staging', 'UAT', 'Production']);
    // The arrow sits beside the chip, not inside it, where a lock icon may be.
    const arrowCounts = items.map(
      item => item.querySelectorAll(':scope > svg').length,
    );
    expect(arrowCounts).toEqual([0, 1, 1, 1]);
  });

  it('highlights the chosen environment as the current step', async () => {
    await renderInTestApp(
      <EnvironmentChips
        environments={DEFAULT_ENVIRONMENTS}
        highlighted="staging"
      />,
    );
    const current = screen
      .getAllByRole('listitem')
      .filter(item => item.getAttribute('aria-current') === 'step');
    expect(current).toHaveLength(1);
    expect(current[0]).toHaveTextContent('Staging');
    expect(
      current[0].querySelector('.MuiChip-colorPrimary'),
    ).toBeInTheDocument();
  });

  it('says so when no environments are configured', async () => {
    await renderInTestApp(<EnvironmentChips environments={[]} />);
    expect(screen.getByText('No environments configured')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });
});
