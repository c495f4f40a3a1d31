/**
 * Hard limits of the plan format v1. They keep one plan small enough to export in one job and
 * stop hostile files (alias bombs, absurd nesting) before they cost time or memory.
 */

/** Largest plan file accepted, in bytes (5 MB). Checked before parsing. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Most items one plan may hold, counting nested children. */
export const MAX_ITEMS = 10_000;

/** Deepest item nesting: top-level items are level 1, their children level 2, and so on. */
export const MAX_ITEM_DEPTH = 6;

/** Longest title, in characters: Jira's limit for an issue summary. */
export const MAX_TITLE_LENGTH = 255;

/**
 * Deepest nesting of lists and maps in the raw file. Far above what six item levels need (about
 * 15), low enough that no parser or schema check recurses into a stack overflow.
 */
export const MAX_STRUCTURE_DEPTH = 100;

/** Most YAML alias expansions allowed; a higher count is treated as an alias bomb. */
export const MAX_YAML_ALIASES = 100;
