import { healthScore } from './PluginHealthChecker';

describe('healthScore', () => {
  it('gives 100 to a loaded plugin whose routes answer and that had no errors', () => {
    expect(
      healthScore({
        disabled: false,
        load: 'loaded',
        routes: [{ path: '/health', status: 200, ok: true }],
        recentErrorCount: 0,
      }),
    ).toBe(100);
  });

  it('weighs load, routes and recent errors as documented', () => {
    expect(
      healthScore({
        disabled: false,
        load: 'loaded',
        routes: [
          { path: '/a', status: 200, ok: true },
          { path: '/b', status: 502, ok: false },
        ],
        recentErrorCount: 1,
      }),
    ).toBe(Math.round(60 + 12.5 + 10));
    expect(
      healthScore({
        disabled: false,
        load: 'unknown',
        routes: [],
        recentErrorCount: 0,
      }),
    ).toBe(Math.round(30 + 12.5 + 15));
    expect(
      healthScore({
        disabled: false,
        load: 'failed',
        routes: [],
        recentErrorCount: 5,
      }),
    ).toBe(0);
  });

  it('gives 0 to a disabled plugin', () => {
    expect(
      healthScore({
        disabled: true,
        load: 'not-loaded',
        routes: [],
        recentErrorCount: 0,
      }),
    ).toBe(0);
  });
});
