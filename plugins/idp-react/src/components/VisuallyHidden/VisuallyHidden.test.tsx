import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { VisuallyHidden } from './VisuallyHidden';

describe('VisuallyHidden', () => {
  it('keeps its text for screen readers while taking no room on screen', async () => {
    await renderInTestApp(
      <button type="button">
        <span aria-hidden>⚠</span>
        <VisuallyHidden>Protected environment</VisuallyHidden>
      </button>,
    );
    expect(
      screen.getByRole('button', { name: 'Protected environment' }),
    ).toBeInTheDocument();
    const hidden = screen.getByText('Protected environment');
    expect(getComputedStyle(hidden).position).toBe('absolute');
    expect(getComputedStyle(hidden).overflow).toBe('hidden');
  });
});
