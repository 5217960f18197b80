import { notImplementedCommand } from './command';

/** `holefill check`: can the holes in a file be filled so that the file parses? */
export const checkCommand = notImplementedCommand(
  'check',
  'Report whether every hole in a file can be completed to a valid parse',
  'holefill check <file>',
);
