/** Markdown to Atlassian Document Format, validation and size. */
export { markdownToAdf } from './convert.ts';
export { buildItemDescription, type ItemDescriptionInput } from './description.ts';
export { ADF_TEXT_LIMIT, adfLength, fitsTextLimit } from './length.ts';
export { normalizeAdf } from './normalize.ts';
export type { AdfDoc, AdfMark, AdfNode } from './types.ts';
export { type AdfProblem, isValidAdf, validateAdf } from './validate.ts';
