import { Readable } from 'node:stream';
import { InputError } from '@backstage/errors';
import Assembler from 'stream-json/Assembler';
import { parser as createParser } from 'stream-json/Parser';
import { formatJsonPath, JsonPath } from './formatJsonPath';

/** One value picked out of a streamed JSON document. */
export interface JsonItem {
  path: JsonPath;
  value: unknown;
}

type Frame =
  | { kind: 'object'; key: string | undefined }
  | { kind: 'array'; index: number };

type Token = { name: string; value?: string };

/**
 * Streams a JSON document and yields only the values whose path `select`
 * accepts (for example each `Results[n].Vulnerabilities[m]`), assembled one at
 * a time, so a large report never sits in memory whole. Invalid JSON is an
 * InputError naming where the document breaks.
 */
export async function* readJsonItems(
  source: Readable,
  select: (path: JsonPath) => boolean,
): AsyncGenerator<JsonItem> {
  const tokens = createParser({
    packValues: true,
    streamValues: false,
  });
  let bytes = 0;
  source.on('data', (chunk: Buffer | string) => {
    bytes += chunk.length;
  });
  source.on('error', error => tokens.destroy(error));
  const queue = tokenQueue(tokens);
  source.pipe(tokens);

  const frames: Frame[] = [];
  let assembler: Assembler | undefined;
  let assembledPath: JsonPath = [];
  let sawValue = false;

  const currentPath = (): Array<string | number> =>
    frames.map(frame =>
      frame.kind === 'array' ? frame.index : frame.key ?? '',
    );

  try {
    for await (const token of queue) {
      if (assembler) {
        assembler.consume(token);
        if (assembler.done) {
          yield { path: assembledPath, value: assembler.current };
          assembler = undefined;
        }
        continue;
      }
      if (token.name === 'keyValue') {
        const top = frames[frames.length - 1];
        if (top?.kind === 'object') top.key = token.value;
        continue;
      }
      if (token.name === 'endObject' || token.name === 'endArray') {
        frames.pop();
        continue;
      }
      // Every other token starts a value.
      const top = frames[frames.length - 1];
      if (top?.kind === 'array') top.index += 1;
      sawValue = true;
      const path = currentPath();
      if (select(path)) {
        assembler = new Assembler();
        assembledPath = path;
        assembler.consume(token);
        if (assembler.done) {
          yield { path, value: assembler.current };
          assembler = undefined;
        }
        continue;
      }
      if (token.name === 'startObject') {
        frames.push({ kind: 'object', key: undefined });
      } else if (token.name === 'startArray') {
        frames.push({ kind: 'array', index: -1 });
      }
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const where = formatJsonPath(currentPath()) || 'the top level';
    throw new InputError(
      `Invalid JSON at ${where} (within the first ${bytes} bytes): ${
        (error as Error).message
      }`,
    );
  }
  if (!sawValue) throw new InputError('Invalid JSON: the body is empty');
}

/**
 * Tokens in the order the parser produced them. Unlike the stream's own
 * iterator it hands out every token produced before a parse error, so the
 * error can name the path where the document breaks.
 */
async function* tokenQueue(tokens: Readable): AsyncGenerator<Token> {
  let buffer: Token[] = [];
  let failure: Error | undefined;
  let ended = false;
  const waiting: { wake?: () => void } = {};
  const notify = () => {
    waiting.wake?.();
    waiting.wake = undefined;
  };
  tokens.on('data', (token: Token) => {
    buffer.push(token);
    if (buffer.length >= 4096) tokens.pause();
    notify();
  });
  tokens.on('error', error => {
    failure = error;
    notify();
  });
  tokens.on('end', () => {
    ended = true;
    notify();
  });
  for (;;) {
    if (buffer.length > 0) {
      const batch = buffer;
      buffer = [];
      if (tokens.isPaused()) tokens.resume();
      yield* batch;
    } else if (failure) {
      throw failure;
    } else if (ended) {
      return;
    } else {
      await new Promise<void>(resolve => {
        waiting.wake = resolve;
      });
    }
  }
}
