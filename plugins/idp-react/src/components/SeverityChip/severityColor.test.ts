import { SEVERITIES } from '@idp-platform/backstage-plugin-idp-common';
import { severityColor } from './severityColor';

describe('severityColor', () => {
  it('gives each severity a background of its own and a text colour for it', () => {
    const colors = SEVERITIES.map(severity => severityColor(severity));
    expect(new Set(colors.map(c => c.backgroundColor)).size).toBe(
      SEVERITIES.length,
    );
    expect(colors.every(c => /^#[0-9a-f]{6}$/.test(c.color))).toBe(true);
  });

  it('sets critical darkest, with white text', () => {
    expect(severityColor('critical')).toEqual({
      backgroundColor: '#7f0000',
      color: '#ffffff',
    });
  });
});
