import {
  MCP_IDP_META_KEY,
  mcpServerJsonSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseRequestBody } from '@idp-platform/backstage-plugin-idp-node';
import { McpServerStore } from '../database/McpServerStore';
import { McpRegistryService } from '../service/McpRegistryService';

/** Owner of demo servers whose server.json names none. */
export const DEMO_SERVER_OWNER = 'group:default/platform-admins';

/**
 * Registers each `*.server.json` of `directory` (not its subfolders) whose
 * name and version are not registered yet, so loading is idempotent. The
 * owner comes from `_meta["io.idp-platform/registry"].owner`.
 */
export async function loadDemoServers(
  service: McpRegistryService,
  store: McpServerStore,
  directory: string,
): Promise<string[]> {
  const files = (await fs.readdir(directory, { withFileTypes: true }))
    .filter(entry => entry.isFile() && entry.name.endsWith('.server.json'))
    .map(entry => entry.name)
    .sort();
  const registered: string[] = [];
  for (const file of files) {
    const server = parseRequestBody(
      mcpServerJsonSchema,
      JSON.parse(await fs.readFile(path.join(directory, file), 'utf8')),
    );
    if (await store.getVersion(server.name, server.version)) continue;
    const meta = server._meta?.[MCP_IDP_META_KEY] as
      | { owner?: string; hostingComponent?: string }
      | undefined;
    await service.publish(server, {
      owner: meta?.owner ?? DEMO_SERVER_OWNER,
      hostingComponent: meta?.hostingComponent,
      publishedBy: 'user:default/guest',
    });
    registered.push(server.name);
  }
  return registered;
}
