/** Zod schemas shared by several routes. */
import { z } from 'zod';

/** `{code, message, guidance}`: the body of every error answer. */
export const errorSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    guidance: z.array(z.string()),
  })
  .passthrough();

/** `:id` of a workspace. */
export const workspaceParams = z.object({ id: z.string().min(1).max(100) });

/** `:id` of a workspace and `:planId` of a plan in it. */
export const planParams = z.object({
  id: z.string().min(1).max(100),
  planId: z.string().min(1).max(200),
});

/** Options of a preflight or an export (see `ExportOptions`). */
export const exportOptionsSchema = z
  .object({
    typeOverrides: z
      .partialRecord(
        z.enum(['epic', 'feature', 'story', 'task', 'subtask', 'bug', 'spike', 'milestone']),
        z.string().min(1).max(255),
      )
      .optional(),
    assignees: z
      .record(z.string().min(1).max(300), z.string().min(1).max(128).nullable())
      .optional(),
  })
  .strict();

/** Body of preflight and export requests. */
export const exportRequestSchema = z.object({
  projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'must be a Jira project key such as WEB'),
  options: exportOptionsSchema.optional(),
});
