import fs from 'node:fs/promises';
import path from 'node:path';
import { parseApplicationConfigurationYaml } from '../model/applicationConfigurationYaml';
import { ConfigService } from '../service/ConfigService';

/** Who the demo configurations are created by, in their history. */
export const DEMO_DATA_ACTOR = {
  ref: 'user:default/guest',
  ownershipEntityRefs: ['user:default/guest'],
};

/**
 * Creates each ApplicationConfiguration YAML file of `directory` that does
 * not exist yet, with its JSON Schema from `<name>.schema.json` beside it.
 * Existing configurations are left alone, so loading is idempotent.
 */
export async function loadDemoConfigurations(
  service: ConfigService,
  directory: string,
): Promise<string[]> {
  const existing = new Set((await service.list()).map(app => app.name));
  const created: string[] = [];
  const files = (await fs.readdir(directory))
    .filter(file => /\.ya?ml$/.test(file))
    .sort();
  for (const file of files) {
    const document = parseApplicationConfigurationYaml(
      await fs.readFile(path.join(directory, file), 'utf8'),
    );
    const name = document.metadata.name;
    if (existing.has(name)) continue;
    const schemaFile = path.join(directory, `${name}.schema.json`);
    const schema = await fs.readFile(schemaFile, 'utf8').then(
      text => JSON.parse(text),
      () => undefined,
    );
    await service.importConfiguration(
      {
        ...document,
        spec: { ...document.spec, ...(schema ? { schema } : {}) },
      },
      { version: 0, message: `Demo data from ${file}` },
      DEMO_DATA_ACTOR,
    );
    created.push(name);
  }
  return created;
}
