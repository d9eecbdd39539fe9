import type { Stats } from 'node:fs';

/**
 * What a path is when it is not a regular file (`a FIFO (named pipe)`, `a socket`, `a device`, `a folder`), or
 * undefined for a regular file. Readers check this before opening: opening a FIFO blocks until a writer comes.
 */
export function notARegularFile(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
