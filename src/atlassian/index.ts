/** Atlassian OAuth 2.0 (3LO): the public surface of this folder. */
export {
  type AtlassianOAuth,
  type AtlassianOAuthOptions,
  createAtlassianOAuth,
  type TokenSet,
} from './client.ts';
export { OAuthError, type OAuthErrorCode, type OAuthErrorDetails } from './errors.ts';
export { isJiraScope, type JiraSiteResource } from './resources.ts';
export { type AtlassianSettings, allowsPlainHttp, atlassianSettings } from './settings.ts';
