import { notImplementedCommand } from './command';

/** `holefill bench`: measure checking and filling on sample files. */
export const benchCommand = notImplementedCommand(
  'bench',
  'Measure check and fill times on sample files',
  'holefill bench [name]',
);
