/** The catalogue of user-facing failures and its error class. */
export {
  type CatalogueEntry,
  catalogue,
  type ErrorCode,
  type ErrorParams,
  type ParamsOf,
} from './catalogue.ts';
export { type ErrorBody, isProjanError, ProjanError } from './projan-error.ts';
