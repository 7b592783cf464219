import { DateTime } from 'luxon';
import { FreezeCalendar } from './FreezeCalendar';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

describe('FreezeCalendar', () => {
  // Every Friday 16:00 UTC until Monday 08:00 UTC.
  const weekend = new FreezeCalendar([
    {
      kind: 'deny',
      rrule: 'FREQ=WEEKLY;BYDAY=FR',
      start: '2026-01-02T16:00:00Z',
      end: '2026-01-05T08:00:00Z',
      environments: ['production'],
      reason: 'weekend freeze',
    },
  ]);

  it('closes the environment during a recurring deny window and says when it opens', () => {
    expect(weekend.status('production', at('2026-11-28T10:00:00Z'))).toEqual({
      closed: true,
      reason: 'weekend freeze (deny window until 2026-11-30T08:00:00.000Z)',
      nextOpen: '2026-11-30T08:00:00.000Z',
    });
  });

  it('leaves it open between occurrences and says when it closes', () => {
    expect(weekend.status('production', at('2026-11-25T10:00:00Z'))).toEqual({
      closed: false,
      nextClose: '2026-11-27T16:00:00.000Z',
    });
  });

  it('ignores environments the window does not name', () => {
    expect(weekend.status('staging', at('2026-11-28T10:00:00Z'))).toEqual({
      closed: false,
    });
  });

  it('keeps an environment with allow windows closed outside them, and lets deny win', () => {
    const calendar = new FreezeCalendar([
      {
        kind: 'allow',
        rrule: 'FREQ=DAILY;BYDAY=MO,TU,WE,TH',
        start: '2026-01-05T09:00:00Z',
        end: '2026-01-05T17:00:00Z',
      },
      {
        kind: 'deny',
        start: '2026-11-25T12:00:00Z',
        end: '2026-11-25T13:00:00Z',
        reason: 'release review',
      },
    ]);
    expect(calendar.status('uat', at('2026-11-25T10:00:00Z'))).toEqual({
      closed: false,
      nextClose: '2026-11-25T12:00:00.000Z',
    });
    expect(calendar.status('uat', at('2026-11-25T12:30:00Z'))).toEqual({
      closed: true,
      reason: 'release review (deny window until 2026-11-25T13:00:00.000Z)',
      nextOpen: '2026-11-25T13:00:00.000Z',
    });
    expect(calendar.status('uat', at('2026-11-25T18:00:00Z'))).toEqual({
      closed: true,
      reason: 'outside every allow window',
      nextOpen: '2026-11-26T09:00:00.000Z',
    });
  });
});
