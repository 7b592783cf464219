import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { SEVERITIES } from '@idp-platform/backstage-plugin-idp-common';
import { SeverityChip } from './SeverityChip';

describe('SeverityChip', () => {
  it('shows each severity capitalised in a colour of its own', async () => {
    await renderInTestApp(
      <>
        {SEVERITIES.map(severity => (
          <SeverityChip key={severity} severity={severity} />
        ))}
      </>,
    );
    const backgrounds = ['None', 'Low', 'Medium', 'High', 'Critical'].map(
      label =>
        (screen.getByText(label).closest('.MuiChip-root') as HTMLElement).style
          .backgroundColor,
    );
    expect(backgrounds.every(Boolean)).toBe(true);
    expect(new Set(backgrounds).size).toBe(5);
  });

  it('shows a custom label instead of the severity', async () => {
    await renderInTestApp(
      <SeverityChip severity="critical" label="3 critical" />,
    );
    expect(screen.getByText('3 critical')).toBeInTheDocument();
  });
});
