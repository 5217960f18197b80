import { notImplementedCommand } from './command';

/** `holefill fill`: fill the holes in a file with the model, under the grammar's constraint. */
export const fillCommand = notImplementedCommand(
  'fill',
  'Fill the holes in a file so that the result parses',
  'holefill fill <file>',
);
