import { isDeepStrictEqual } from 'node:util';

/** One operation of a JSON patch (RFC 6902). */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new Error(`JSON pointer "${pointer}" must start with /`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolveParent(
  document: unknown,
  pointer: string,
): [Container, string] {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) {
    throw new Error('operations on the whole document are not supported');
  }
  let current: unknown = document;
  for (const token of tokens.slice(0, -1)) {
    if (typeof current !== 'object' || current === null) {
      throw new Error(`path "${pointer}" does not exist`);
    }
    current = (current as Record<string, unknown>)[token];
  }
  if (typeof current !== 'object' || current === null) {
    throw new Error(`path "${pointer}" does not exist`);
  }
  return [current as Container, tokens[tokens.length - 1]];
}

function arrayIndex(
  array: unknown[],
  token: string,
  allowEnd: boolean,
): number {
  if (allowEnd && token === '-') return array.length;
  const index = Number(token);
  if (
    !/^(0|[1-9][0-9]*)$/.test(token) ||
    index > array.length ||
    (!allowEnd && index === array.length)
  ) {
    throw new Error(`array index "${token}" is out of range`);
  }
  return index;
}

function read(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  const [parent, token] = resolveParent(document, pointer);
  if (Array.isArray(parent)) return parent[arrayIndex(parent, token, false)];
  if (!Object.hasOwn(parent, token))
    throw new Error(`path "${pointer}" does not exist`);
  return parent[token];
}

function add(document: unknown, pointer: string, value: unknown) {
  const [parent, token] = resolveParent(document, pointer);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, token, true), 0, value);
  } else {
    parent[token] = value;
  }
}

function remove(document: unknown, pointer: string) {
  const [parent, token] = resolveParent(document, pointer);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, token, false), 1);
  } else {
    if (!Object.hasOwn(parent, token))
      throw new Error(`path "${pointer}" does not exist`);
    delete parent[token];
  }
}

/**
 * Applies a JSON patch (RFC 6902) to a copy of the document. Throws an Error
 * saying which operation failed.
 */
export function applyJsonPatch(
  document: unknown,
  operations: JsonPatchOperation[],
): unknown {
  if (!Array.isArray(operations)) {
    throw new Error('a JSON patch must be an array of operations');
  }
  const result = structuredClone(document);
  operations.forEach((operation, index) => {
    try {
      switch (operation.op) {
        case 'add':
          add(result, operation.path, structuredClone(operation.value));
          break;
        case 'remove':
          remove(result, operation.path);
          break;
        case 'replace':
          remove(result, operation.path);
          add(result, operation.path, structuredClone(operation.value));
          break;
        case 'move': {
          const value = read(result, operation.from ?? '');
          remove(result, operation.from ?? '');
          add(result, operation.path, value);
          break;
        }
        case 'copy':
          add(
            result,
            operation.path,
            structuredClone(read(result, operation.from ?? '')),
          );
          break;
        case 'test':
          if (
            !isDeepStrictEqual(read(result, operation.path), operation.value)
          ) {
            throw new Error(`test of "${operation.path}" failed`);
          }
          break;
        default:
          throw new Error(`unknown op "${(operation as { op: unknown }).op}"`);
      }
    } catch (error) {
      throw new Error(
        `JSON patch operation ${index} (${operation?.op} ${operation?.path}): ${
          (error as Error).message
        }`,
      );
    }
  });
  return result;
}
