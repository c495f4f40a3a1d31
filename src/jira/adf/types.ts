/**
 * The slice of the Atlassian Document Format that Projan emits.
 * https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 */

/** A mark on a text node. */
export interface AdfMark {
  type: 'strong' | 'em' | 'strike' | 'underline' | 'code' | 'link';
  attrs?: { href: string };
}

/** Any node below the root. */
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  marks?: AdfMark[];
  text?: string;
}

/** The root of a document (`version` must be 1). */
export interface AdfDoc {
  version: 1;
  type: 'doc';
  content: AdfNode[];
}
