import { fireEvent, screen, waitFor } from '@testing-library/react';
import { InMemorySecurityApi } from '../../testing/InMemorySecurityApi';
import { renderSecurityContent } from '../../__testUtils__/renderSecurityContent';
import { ExportButtons } from './ExportButtons';

const ENTITY = 'component:default/payments-api';

describe('ExportButtons', () => {
  const createObjectURL = jest.fn(() => 'blob:export');
  const revokeObjectURL = jest.fn();
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(() => {});

  beforeAll(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });
  afterAll(() => click.mockRestore());

  it.each([
    ['Export CSV', 'csv'],
    ['Export JSON', 'json'],
  ])(
    '"%s" requests the %s export and saves the file',
    async (label, format) => {
      const api = new InMemorySecurityApi();
      await renderSecurityContent(<ExportButtons entityRef={ENTITY} />, {
        api,
      });

      fireEvent.click(screen.getByRole('button', { name: label }));

      await waitFor(() =>
        expect(api.exportRequests).toEqual([{ entityRef: ENTITY, format }]),
      );
      await waitFor(() => expect(click).toHaveBeenCalled());
      expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
      const link = click.mock.contexts.at(-1) as HTMLAnchorElement;
      expect(link.download).toBe(`security.${format}`);
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:export');
    },
  );

  it('shows why an export failed', async () => {
    const api = new InMemorySecurityApi({
      failures: { exportFindings: new Error('Export too large') },
    });
    await renderSecurityContent(<ExportButtons entityRef={ENTITY} />, { api });

    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

    expect(
      await screen.findByText('Export failed: Export too large'),
    ).toBeInTheDocument();
  });
});
