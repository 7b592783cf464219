import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { parsePolicyYaml } from '../model/parsePolicyYaml';
import { PolicyService } from '../service/PolicyService';

/** Who the demo policies are created by, in their history. */
export const DEMO_DATA_ACTOR = { ref: 'user:default/guest' };

/**
 * Creates each policy YAML file of `directory` that does not exist yet.
 * Existing policies are left alone, so loading is idempotent. The catalog is
 * not consulted: at startup it may not have ingested its entities yet.
 */
export async function loadDemoPolicies(
  service: PolicyService,
  directory: string,
): Promise<string[]> {
  const existing = new Set((await service.list()).map(policy => policy.name));
  const created: string[] = [];
  const files = (await fs.readdir(directory))
    .filter(file => /\.ya?ml$/.test(file))
    .sort();
  for (const file of files) {
    const yaml = await fs.readFile(path.join(directory, file), 'utf8');
    const { document, problems } = parsePolicyYaml(yaml);
    if (!document) {
      throw new InputError(
        `${file}: ${problems
          .map(p => `line ${p.line}: ${p.message}`)
          .join('; ')}`,
      );
    }
    if (existing.has(document.metadata.name)) continue;
    await service.create(yaml, DEMO_DATA_ACTOR, {
      message: `Demo data from ${file}`,
      catalog: false,
    });
    created.push(document.metadata.name);
  }
  return created;
}
