import { z } from 'zod';

/** Pattern of a server.json `name`: reverse-DNS namespace, slash, server name. @public */
export const MCP_SERVER_NAME_PATTERN = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;

/** Transports an MCP server can speak. @public */
export const mcpTransportTypes = ['stdio', 'streamable-http', 'sse'] as const;

/** @public */
export type McpTransportType = (typeof mcpTransportTypes)[number];

const RANGE_MARKERS = /[\^~*<>=|]|(^|\.)[xX](\.|$)|\s|^latest$/;

/** An exact version: no ranges, wildcards or `latest`. @public */
export const mcpExactVersionSchema = z
  .string()
  .min(1)
  .max(255)
  .refine(value => !RANGE_MARKERS.test(value), {
    message: 'must be an exact version, not a range',
  });

const inputSchema = z.object({
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  format: z.enum(['string', 'number', 'boolean', 'filepath']).optional(),
  value: z.string().optional(),
  isSecret: z.boolean().optional(),
  default: z.string().optional(),
  placeholder: z.string().optional(),
  choices: z.array(z.string()).optional(),
});

/** A named key-value input: environment variable or HTTP header. @public */
export const mcpKeyValueInputSchema = inputSchema.extend({
  name: z.string().min(1),
  variables: z.record(inputSchema).optional(),
});

/** A positional or named command-line argument. @public */
export const mcpArgumentSchema = inputSchema.extend({
  type: z.enum(['positional', 'named']),
  name: z.string().optional(),
  valueHint: z.string().optional(),
  isRepeated: z.boolean().optional(),
});

const transportSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stdio') }),
  z.object({
    type: z.literal('streamable-http'),
    url: z.string().min(1),
    headers: z.array(mcpKeyValueInputSchema).optional(),
  }),
  z.object({
    type: z.literal('sse'),
    url: z.string().min(1),
    headers: z.array(mcpKeyValueInputSchema).optional(),
  }),
]);

/** A package that runs the server locally (npm, pypi, oci, nuget, mcpb). @public */
export const mcpPackageSchema = z.object({
  registryType: z.string().min(1),
  registryBaseUrl: z.string().url().optional(),
  identifier: z.string().min(1),
  version: mcpExactVersionSchema.optional(),
  fileSha256: z
    .string()
    .regex(/^[a-f0-9]{64}$/)
    .optional(),
  runtimeHint: z.string().optional(),
  transport: transportSchema,
  runtimeArguments: z.array(mcpArgumentSchema).optional(),
  packageArguments: z.array(mcpArgumentSchema).optional(),
  environmentVariables: z.array(mcpKeyValueInputSchema).optional(),
});

/** A hosted endpoint of the server. @public */
export const mcpRemoteSchema = z.object({
  type: z.enum(['streamable-http', 'sse']),
  url: z.string().url(),
  headers: z.array(mcpKeyValueInputSchema).optional(),
});

const REVERSE_DNS_KEY = /^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+(\/[a-zA-Z0-9._-]+)?$/;

/** `_meta`: extension data, each key a reverse-DNS name. @public */
export const mcpMetaSchema = z
  .record(z.unknown())
  .refine(meta => Object.keys(meta).every(key => REVERSE_DNS_KEY.test(key)), {
    message: 'keys must be reverse-DNS names such as com.example/info',
  });

/**
 * An MCP server.json, as published to the official MCP registry.
 *
 * @public
 */
export const mcpServerJsonSchema = z.object({
  $schema: z.string().optional(),
  name: z
    .string()
    .min(3)
    .max(200)
    .regex(
      MCP_SERVER_NAME_PATTERN,
      'must be a reverse-DNS namespace and a name, e.g. io.github.org/server',
    ),
  description: z.string().min(1).max(100),
  title: z.string().max(100).optional(),
  version: mcpExactVersionSchema,
  websiteUrl: z.string().url().optional(),
  repository: z
    .object({
      url: z.string(),
      source: z.string(),
      id: z.string().optional(),
      subfolder: z.string().optional(),
    })
    .optional(),
  icons: z
    .array(
      z.object({
        src: z.string(),
        mimeType: z.string().optional(),
        sizes: z.array(z.string()).optional(),
        theme: z.enum(['light', 'dark']).optional(),
      }),
    )
    .optional(),
  packages: z.array(mcpPackageSchema).optional(),
  remotes: z.array(mcpRemoteSchema).optional(),
  _meta: mcpMetaSchema.optional(),
});

/** @public */
export type McpServerJson = z.infer<typeof mcpServerJsonSchema>;
/** @public */
export type McpPackage = z.infer<typeof mcpPackageSchema>;
/** @public */
export type McpRemote = z.infer<typeof mcpRemoteSchema>;

/** Key of the registry's own metadata in a server response's `_meta`. @public */
export const MCP_OFFICIAL_META_KEY =
  'io.modelcontextprotocol.registry/official';

/** Key under which this registry adds its metadata (owner, health, tools). @public */
export const MCP_IDP_META_KEY = 'io.idp-platform/registry';
