import fs from 'node:fs/promises';
import path from 'node:path';

type Undo = () => Promise<void>;

/**
 * Renames and file writes that are undone in reverse order when a later step
 * fails, so a failed change leaves the dynamic plugins root as it was.
 */
export class FilesystemTransaction {
  private readonly undos: Undo[] = [];

  /** Renames a folder or file; the target's parent is created. */
  async move(from: string, to: string): Promise<void> {
    const created = await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.rename(from, to);
    this.undos.push(async () => {
      await fs.rename(to, from);
      // Remove the folders this step created, innermost first, now empty again.
      if (!created) return;
      for (
        let dir = path.dirname(to);
        dir.length >= created.length;
        dir = path.dirname(dir)
      ) {
        await fs.rmdir(dir);
      }
    });
  }

  /** Replaces a file's content atomically (write beside it, then rename over it). */
  async writeFile(file: string, content: string): Promise<void> {
    const previous = await fs.readFile(file, 'utf8').catch(() => undefined);
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(temporary, content, 'utf8');
    await fs.rename(temporary, file);
    this.undos.push(async () => {
      if (previous === undefined) await fs.rm(file, { force: true });
      else await fs.writeFile(file, previous, 'utf8');
    });
  }

  /** Undoes every step taken so far, newest first. */
  async rollback(): Promise<void> {
    while (this.undos.length) {
      await this.undos.pop()!();
    }
  }
}
