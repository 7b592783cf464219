import { z } from 'zod';

/**
 * One entry of RHDH's `dynamic-plugins.yaml`: `package` is a reference
 * (`@scope/pkg@1.2.3`, a tgz URL, `./local` or `oci://img@sha256:…!path`).
 *
 * @public
 */
export const dynamicPluginEntrySchema = z.object({
  package: z.string().min(1),
  disabled: z.boolean().optional(),
  integrity: z.string().min(1).optional(),
  pluginConfig: z.record(z.unknown()).optional(),
});

/** @public */
export type DynamicPluginEntry = z.infer<typeof dynamicPluginEntrySchema>;

/** RHDH's `dynamic-plugins.yaml`. @public */
export const dynamicPluginsFileSchema = z.object({
  includes: z.array(z.string()).optional(),
  plugins: z.array(dynamicPluginEntrySchema).default([]),
});

/** @public */
export type DynamicPluginsFile = z.infer<typeof dynamicPluginsFileSchema>;

/** Where a dynamic plugin runs, as the dynamic plugins service reports it. @public */
export type LoadedPluginPlatform = 'node' | 'web';

/**
 * One plugin in the dynamic plugins service's list (`GET /api/dynamic-plugins-info/loaded-plugins`
 * in RHDH): whether a change took.
 *
 * @public
 */
export interface LoadedDynamicPlugin {
  name: string;
  version: string;
  role: string;
  platform: LoadedPluginPlatform;
  failure?: string;
}
