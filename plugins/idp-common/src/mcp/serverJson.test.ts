import fs from 'fs';
import path from 'path';
import { mcpServerJsonSchema } from './serverJson';

const examples = path.resolve(__dirname, '../../../../examples/mcp');

function readExample(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(examples, file), 'utf8'));
}

function problemsOf(file: string): string[] {
  const result = mcpServerJsonSchema.safeParse(readExample(file));
  return result.success
    ? []
    : result.error.issues.map(issue => issue.path.join('.'));
}

describe('mcpServerJsonSchema', () => {
  it.each(['everything.server.json', 'weather.server.json'])(
    'accepts the example %s',
    file => {
      expect(problemsOf(file)).toEqual([]);
    },
  );

  it.each([
    ['name-without-namespace.server.json', 'name'],
    ['description-too-long.server.json', 'description'],
    ['version-range.server.json', 'version'],
    ['unknown-transport.server.json', 'packages.0.transport.type'],
    ['meta-key-not-reverse-dns.server.json', '_meta'],
  ])('rejects invalid/%s naming %s', (file, field) => {
    expect(problemsOf(`invalid/${file}`)).toContain(field);
  });

  it('rejects every form of version range', () => {
    for (const version of [
      '^1.0.0',
      '~1.2',
      '>=1.0.0',
      '1.x',
      '*',
      'latest',
      '1.0.0 - 2.0.0',
    ]) {
      const result = mcpServerJsonSchema.safeParse({
        name: 'com.example/ranged',
        description: 'ranged',
        version,
      });
      expect({ version, success: result.success }).toEqual({
        version,
        success: false,
      });
    }
  });

  it('accepts exact versions, including pre-releases and dates', () => {
    for (const version of [
      '1.0.0',
      '1.0.0-beta.2',
      '1.0.0-fix.1',
      '2026.8.31',
      '0.1',
    ]) {
      expect(
        mcpServerJsonSchema.safeParse({
          name: 'com.example/exact',
          description: 'exact',
          version,
        }).success,
      ).toBe(true);
    }
  });
});
