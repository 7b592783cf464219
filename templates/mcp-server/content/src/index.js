#!/usr/bin/env node
// ${{ values.serverName }}: an MCP server over stdio. Hosted, it runs behind
// supergateway, which serves it as Streamable HTTP.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: '${{ values.name }}', version: '0.1.0' });

server.registerTool(
  'greet',
  {
    title: 'Greet',
    description: 'Says hello to someone',
    inputSchema: { name: z.string().describe('Who to greet') },
  },
  async ({ name }) => ({ content: [{ type: 'text', text: `Hello, ${name}!` }] }),
);

await server.connect(new StdioServerTransport());
