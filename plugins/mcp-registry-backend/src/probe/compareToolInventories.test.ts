import { compareToolInventories } from './compareToolInventories';

const schema = (property: string) => ({
  type: 'object',
  properties: { [property]: { type: 'string' } },
});

describe('compareToolInventories', () => {
  it('reports nothing when only the order of schema keys differs', () => {
    expect(
      compareToolInventories(
        [
          {
            name: 'echo',
            description: 'Echo',
            inputSchema: { type: 'object', required: [] },
          },
        ],
        [
          {
            name: 'echo',
            description: 'Echo',
            inputSchema: { required: [], type: 'object' },
          },
        ],
      ),
    ).toEqual([]);
  });

  it('flags added, removed, renamed and changed tools', () => {
    const changes = compareToolInventories(
      [
        { name: 'echo', description: 'Echo', inputSchema: schema('message') },
        {
          name: 'sum',
          description: 'Add two numbers',
          inputSchema: schema('a'),
        },
        {
          name: 'old_search',
          description: 'Search',
          inputSchema: schema('query'),
        },
        { name: 'dropped', description: 'Gone', inputSchema: schema('x') },
      ],
      [
        {
          name: 'echo',
          description: 'Echo a message back',
          inputSchema: schema('message'),
        },
        {
          name: 'sum',
          description: 'Add two numbers',
          inputSchema: schema('b'),
        },
        { name: 'search', description: 'Search', inputSchema: schema('query') },
        { name: 'brand_new', description: 'New', inputSchema: schema('y') },
      ],
    );
    expect(changes).toEqual(
      expect.arrayContaining([
        { kind: 'description-changed', tool: 'echo' },
        { kind: 'schema-changed', tool: 'sum' },
        { kind: 'renamed', tool: 'search', previousName: 'old_search' },
        { kind: 'added', tool: 'brand_new' },
        { kind: 'removed', tool: 'dropped' },
      ]),
    );
    expect(changes).toHaveLength(5);
  });
});
