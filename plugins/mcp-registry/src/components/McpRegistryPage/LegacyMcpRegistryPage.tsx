import { Header, Page } from '@backstage/core-components';
import { McpRegistryContent } from './McpRegistryPage';

/** The MCP registry page with its own header, for the legacy app. */
export function LegacyMcpRegistryPage() {
  return (
    <Page themeId="tool">
      <Header
        title="MCP Registry"
        subtitle="MCP servers: owners, tools, health"
      />
      <McpRegistryContent />
    </Page>
  );
}
