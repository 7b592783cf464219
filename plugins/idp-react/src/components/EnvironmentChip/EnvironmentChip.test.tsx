import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  DEFAULT_ENVIRONMENTS,
  Environment,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  EnvironmentChip,
  describeEnvironmentProtection,
} from './EnvironmentChip';

const environment = (name: string) =>
  DEFAULT_ENVIRONMENTS.find(e => e.name === name)!;

describe('EnvironmentChip', () => {
  it('shows the title of an unprotected environment without a lock', async () => {
    await renderInTestApp(
      <EnvironmentChip environment={environment('staging')} />,
    );
    expect(screen.getByText('Staging')).toBeInTheDocument();
    expect(screen.queryByText(/protected/i)).not.toBeInTheDocument();
  });

  it('falls back to the name when the environment has no title', async () => {
    const { title, ...untitled } = environment('staging');
    await renderInTestApp(
      <EnvironmentChip environment={{ ...untitled, name: 'qa' }} />,
    );
    expect(screen.getByText('qa')).toBeInTheDocument();
  });

  it('marks a protected environment with a tooltip stating the approvals required', async () => {
    await renderInTestApp(
      <EnvironmentChip environment={environment('production')} />,
    );
    const chip = screen
      .getByText('Production')
      .closest('.MuiChip-root') as HTMLElement;
    expect(chip.querySelector('svg')).toBeInTheDocument();
    await userEvent.hover(chip);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Protected: changes need 2 approvals',
    );
  });

  it('tells screen readers about the protection without hovering', async () => {
    await renderInTestApp(<EnvironmentChip environment={environment('uat')} />);
    const chip = screen
      .getByText('UAT')
      .closest('.MuiChip-root') as HTMLElement;
    expect(chip).toHaveTextContent('UAT, Protected: changes need 1 approval');
  });
});

describe('describeEnvironmentProtection', () => {
  it('counts approvals and handles protection without approvals', () => {
    const production: Environment = environment('production');
    expect(
      describeEnvironmentProtection(environment('development')),
    ).toBeUndefined();
    expect(
      describeEnvironmentProtection({ ...production, requiredApprovals: 0 }),
    ).toBe('Protected environment');
  });
});
