import {
  FreezeStatus,
  FreezeWindow,
} from '@idp-platform/backstage-plugin-idp-common';
import { DateTime } from 'luxon';
import { rrulestr } from 'rrule';

interface Occurrence {
  start: number;
  end: number;
  window: FreezeWindow;
}

const HORIZON_DAYS = 366;

/**
 * Answers whether deployments to an environment are frozen at a moment, from
 * the allow and deny windows of `idp.promotion.freezeWindows`. Deny wins; an
 * environment with allow windows is open only inside one.
 */
export class FreezeCalendar {
  constructor(private readonly windows: FreezeWindow[]) {}

  status(environment: string, at: DateTime): FreezeStatus {
    const windows = this.windows.filter(
      window =>
        !window.environments?.length ||
        window.environments.includes(environment),
    );
    if (!windows.length) return { closed: false };
    const now = at.toMillis();
    const until = at.plus({ days: HORIZON_DAYS }).toMillis();
    const occurrences = windows.flatMap(window =>
      occurrencesOf(window, now, until),
    );
    const hasAllow = windows.some(window => window.kind === 'allow');
    const closedAt = (time: number) => closureAt(occurrences, hasAllow, time);

    const boundaries = [...new Set(occurrences.flatMap(o => [o.start, o.end]))]
      .filter(time => time > now && time <= until)
      .sort((a, b) => a - b);
    const reason = closedAt(now);
    const iso = (time: number) => DateTime.fromMillis(time).toUTC().toISO()!;
    if (reason !== undefined) {
      const nextOpen = boundaries.find(time => closedAt(time) === undefined);
      return {
        closed: true,
        reason,
        ...(nextOpen !== undefined && { nextOpen: iso(nextOpen) }),
      };
    }
    const nextClose = boundaries.find(time => closedAt(time) !== undefined);
    return {
      closed: false,
      ...(nextClose !== undefined && { nextClose: iso(nextClose) }),
    };
  }
}

function occurrencesOf(
  window: FreezeWindow,
  from: number,
  until: number,
): Occurrence[] {
  const start = Date.parse(window.start);
  const length = Date.parse(window.end) - start;
  if (!window.rrule) {
    return [{ start, end: start + length, window }];
  }
  const rule = rrulestr(window.rrule, { dtstart: new Date(start) });
  // Occurrences that began up to one length ago may still be running.
  return rule
    .between(new Date(from - length), new Date(until), true)
    .map(date => ({
      start: date.getTime(),
      end: date.getTime() + length,
      window,
    }));
}

/** Why the environment is closed at `time`, or undefined when it is open. */
function closureAt(
  occurrences: Occurrence[],
  hasAllow: boolean,
  time: number,
): string | undefined {
  const active = occurrences.filter(o => o.start <= time && time < o.end);
  const deny = active.find(o => o.window.kind === 'deny');
  if (deny) {
    const until = DateTime.fromMillis(deny.end).toUTC().toISO();
    return deny.window.reason
      ? `${deny.window.reason} (deny window until ${until})`
      : `deny window until ${until}`;
  }
  if (hasAllow && !active.some(o => o.window.kind === 'allow')) {
    return 'outside every allow window';
  }
  return undefined;
}
