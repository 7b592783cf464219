import {
  McpToolInventoryChange,
  McpToolSummary,
} from '@idp-platform/backstage-plugin-idp-common';

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Flags what changed between two tool inventories. A removed and an added
 * tool with the same input schema and description count as a rename.
 */
export function compareToolInventories(
  previous: McpToolSummary[],
  current: McpToolSummary[],
): McpToolInventoryChange[] {
  const changes: McpToolInventoryChange[] = [];
  const before = new Map(previous.map(tool => [tool.name, tool]));
  const after = new Map(current.map(tool => [tool.name, tool]));
  const removed = previous.filter(tool => !after.has(tool.name));
  const added = current.filter(tool => !before.has(tool.name));

  for (const tool of current) {
    const old = before.get(tool.name);
    if (!old) continue;
    if ((old.description ?? '') !== (tool.description ?? '')) {
      changes.push({ kind: 'description-changed', tool: tool.name });
    }
    if (stableJson(old.inputSchema) !== stableJson(tool.inputSchema)) {
      changes.push({ kind: 'schema-changed', tool: tool.name });
    }
  }
  for (const tool of added) {
    const signature = stableJson([tool.inputSchema, tool.description ?? '']);
    const index = removed.findIndex(
      old => stableJson([old.inputSchema, old.description ?? '']) === signature,
    );
    if (index >= 0) {
      const [old] = removed.splice(index, 1);
      changes.push({
        kind: 'renamed',
        tool: tool.name,
        previousName: old.name,
      });
    } else {
      changes.push({ kind: 'added', tool: tool.name });
    }
  }
  for (const tool of removed)
    changes.push({ kind: 'removed', tool: tool.name });
  return changes;
}
