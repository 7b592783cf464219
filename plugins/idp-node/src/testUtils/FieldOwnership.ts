import { isDeepStrictEqual } from 'node:util';
import { KubernetesStatusCause } from './KubernetesStatusError';

type JsonMap = Record<string, unknown>;

interface OwnershipEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  /** Leaf field paths, each a JSON array of keys. */
  fields: Set<string>;
}

/** A field another manager owns with a different value than an apply sets. */
export interface FieldConflict {
  manager: string;
  field: string;
}

// Metadata the server owns: never part of a manager's field set.
const SERVER_METADATA = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'managedFields',
  'selfLink',
];

function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fields a manager can own, as leaf path to value. Lists count as one
 * field (the test server does not model associative lists).
 */
function leafFields(object: unknown): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  const visit = (value: unknown, path: string[]) => {
    if (isMap(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value))
        visit(child, [...path, key]);
    } else {
      leaves.set(JSON.stringify(path), value);
    }
  };
  if (!isMap(object)) return leaves;
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'status') continue;
    if (key === 'metadata' && isMap(value)) {
      for (const [field, child] of Object.entries(value)) {
        if (!SERVER_METADATA.includes(field)) visit(child, ['metadata', field]);
      }
      continue;
    }
    visit(value, [key]);
  }
  return leaves;
}

function describeField(field: string): string {
  return `.${(JSON.parse(field) as string[]).join('.')}`;
}

function setField(object: JsonMap, field: string, value: unknown) {
  const path = JSON.parse(field) as string[];
  let current = object;
  for (const key of path.slice(0, -1)) {
    if (!isMap(current[key])) current[key] = {};
    current = current[key] as JsonMap;
  }
  current[path[path.length - 1]] = structuredClone(value);
}

function removeField(object: JsonMap, field: string) {
  const path = JSON.parse(field) as string[];
  const parents: JsonMap[] = [object];
  for (const key of path.slice(0, -1)) {
    const next = parents[parents.length - 1][key];
    if (!isMap(next)) return;
    parents.push(next);
  }
  delete parents[parents.length - 1][path[path.length - 1]];
  // Drop maps the removal left empty, as the server does for applied maps.
  for (let i = parents.length - 1; i > 0; i--) {
    if (Object.keys(parents[i]).length > 0) break;
    delete parents[i - 1][path[i - 1]];
  }
}

function toFieldsV1(fields: Set<string>): JsonMap {
  const tree: JsonMap = {};
  for (const field of [...fields].sort()) {
    let node = tree;
    for (const key of JSON.parse(field) as string[]) {
      node[`f:${key}`] ??= {};
      node = node[`f:${key}`] as JsonMap;
    }
  }
  return tree;
}

function fromFieldsV1(tree: unknown): Set<string> {
  const fields = new Set<string>();
  const visit = (node: unknown, path: string[]) => {
    const keys = isMap(node)
      ? Object.keys(node).filter(k => k.startsWith('f:'))
      : [];
    if (keys.length === 0) {
      if (path.length > 0) fields.add(JSON.stringify(path));
      return;
    }
    for (const key of keys)
      visit((node as JsonMap)[key], [...path, key.slice(2)]);
  };
  visit(tree, []);
  return fields;
}

/**
 * Which field manager owns which fields of one object, kept in
 * `metadata.managedFields` as the API server does, and server-side apply on
 * top of it: an apply sets the fields in its body, takes them over (with
 * force) or reports conflicts, and removes fields the same manager applied
 * before and no longer applies, unless another manager owns them too.
 */
export class FieldOwnership {
  static of(
    object: { metadata?: { managedFields?: unknown } } | undefined,
  ): FieldOwnership {
    const entries = Array.isArray(object?.metadata?.managedFields)
      ? (object!.metadata!.managedFields as JsonMap[])
      : [];
    return new FieldOwnership(
      entries.map(entry => ({
        manager: String(entry.manager),
        operation: entry.operation === 'Apply' ? 'Apply' : 'Update',
        apiVersion: String(entry.apiVersion ?? ''),
        time: String(entry.time ?? ''),
        fields: fromFieldsV1(entry.fieldsV1),
      })),
    );
  }

  private constructor(private readonly entries: OwnershipEntry[]) {}

  /** Records that `manager` changed `before` into `after` by a create, update or patch. */
  recordUpdate(
    manager: string,
    before: unknown,
    after: unknown,
    apiVersion: string,
    time: string,
  ) {
    const old = leafFields(before);
    const current = leafFields(after);
    const changed = [...current].filter(
      ([field, value]) =>
        !old.has(field) || !isDeepStrictEqual(old.get(field), value),
    );
    const removed = [...old.keys()].filter(field => !current.has(field));
    for (const entry of this.entries) {
      for (const field of removed) entry.fields.delete(field);
      if (entry.manager !== manager || entry.operation !== 'Update') {
        for (const [field] of changed) entry.fields.delete(field);
      }
    }
    if (changed.length > 0) {
      const entry = this.entry(manager, 'Update', apiVersion, time);
      for (const [field] of changed) entry.fields.add(field);
    }
    this.prune();
  }

  /**
   * Server-side applies `applied` by `manager` onto `existing`, returning the
   * merged object. Conflicts are returned (and nothing changes) unless `force`.
   */
  apply(options: {
    manager: string;
    existing: JsonMap;
    applied: JsonMap;
    force: boolean;
    apiVersion: string;
    time: string;
  }): { object: JsonMap } | { conflicts: FieldConflict[] } {
    const { manager, existing, applied, force, apiVersion, time } = options;
    const existingFields = leafFields(existing);
    const appliedFields = leafFields(applied);
    const others = this.entries.filter(
      e => e.manager !== manager || e.operation !== 'Apply',
    );

    const conflicts: FieldConflict[] = [];
    for (const [field, value] of appliedFields) {
      if (
        !existingFields.has(field) ||
        isDeepStrictEqual(existingFields.get(field), value)
      )
        continue;
      for (const entry of others) {
        if (entry.fields.has(field))
          conflicts.push({
            manager: entry.manager,
            field: describeField(field),
          });
      }
    }
    if (conflicts.length > 0 && !force) {
      return { conflicts };
    }

    const object = structuredClone(existing);
    const own = this.entries.find(
      e => e.manager === manager && e.operation === 'Apply',
    );
    for (const field of own?.fields ?? []) {
      if (!appliedFields.has(field) && !others.some(e => e.fields.has(field))) {
        removeField(object, field);
      }
    }
    for (const [field, value] of appliedFields) {
      setField(object, field, value);
      const changed = !isDeepStrictEqual(existingFields.get(field), value);
      if (changed) for (const entry of others) entry.fields.delete(field);
    }
    this.entry(manager, 'Apply', apiVersion, time).fields = new Set(
      appliedFields.keys(),
    );
    this.prune();
    return { object };
  }

  /** Ownership as `metadata.managedFields`. */
  toManagedFields() {
    return this.entries.map(entry => ({
      manager: entry.manager,
      operation: entry.operation,
      apiVersion: entry.apiVersion,
      time: entry.time,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(entry.fields),
    }));
  }

  /** Conflicts as the causes of a 409 Status. */
  static conflictCauses(conflicts: FieldConflict[]): KubernetesStatusCause[] {
    return conflicts.map(c => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${c.manager}": ${c.field}`,
      field: c.field,
    }));
  }

  private entry(
    manager: string,
    operation: 'Apply' | 'Update',
    apiVersion: string,
    time: string,
  ) {
    let entry = this.entries.find(
      e => e.manager === manager && e.operation === operation,
    );
    if (!entry) {
      entry = { manager, operation, apiVersion, time, fields: new Set() };
      this.entries.push(entry);
    }
    entry.apiVersion = apiVersion;
    entry.time = time;
    return entry;
  }

  private prune() {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i].fields.size === 0) this.entries.splice(i, 1);
    }
  }
}
