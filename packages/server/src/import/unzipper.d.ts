/**
 * The part of `unzipper` (0.10.x, no published types) that read-table.ts uses: a ZIP opened
 * through its central directory (APPNOTE.TXT §4.3.12), each entry inflated as a stream.
 */
declare module 'unzipper' {
  import type { Readable } from 'node:stream';

  export interface CentralDirectoryFile {
    readonly path: string;
    readonly type: 'File' | 'Directory';
    readonly uncompressedSize: number;
    stream(password?: string): Readable;
  }

  export interface CentralDirectory {
    readonly files: CentralDirectoryFile[];
  }

  /** Random access to the archive's bytes: `length` undefined reads to the end. */
  export interface ZipSource {
    stream(offset: number, length?: number): Readable;
    size(): Promise<number>;
  }

  export const Open: {
    custom(source: ZipSource, options?: Record<string, unknown>): Promise<CentralDirectory>;
  };
}
