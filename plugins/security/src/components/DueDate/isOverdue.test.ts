import { isOverdue } from './isOverdue';

const NOW = new Date('2026-11-25T12:00:00.000Z');

describe('isOverdue', () => {
  it('is true for an open finding past its due date', () => {
    expect(
      isOverdue({ status: 'open', dueAt: '2026-11-24T00:00:00.000Z' }, NOW),
    ).toBe(true);
  });

  it('is false before the due date, without one, or once fixed', () => {
    expect(
      isOverdue({ status: 'open', dueAt: '2026-11-26T00:00:00.000Z' }, NOW),
    ).toBe(false);
    expect(isOverdue({ status: 'open' }, NOW)).toBe(false);
    expect(
      isOverdue({ status: 'fixed', dueAt: '2026-11-24T00:00:00.000Z' }, NOW),
    ).toBe(false);
  });
});
