// Deleting what start-up set aside in <data>/recovered/. Atelier never does this by itself; the
// user asks, after a confirm that names the count and size. The request repeats what the confirm
// showed (the folders, their items and bytes), so a folder that changed since — a later start-up
// moved more into it — is refused with CONFLICT instead of deleting things nobody saw.
import { z } from 'zod';

/** A folder name inside recovered/: one path segment, never a path. */
const FolderName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\\u0000]+$/, 'must be a folder name inside recovered/, not a path')
  .refine((v) => v !== '.' && v !== '..', 'must be a folder name inside recovered/, not . or ..');

export const DeleteRecoveredRequest = z.strictObject({
  /** The folders to delete (their `name` from system.status's `recovered`). */
  folders: z
    .array(FolderName)
    .min(1)
    .max(1000)
    .refine((v) => new Set(v).size === v.length, 'lists a folder twice'),
  /** What the confirm showed for those folders: deletion goes ahead only if they still hold exactly this. */
  items: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export interface DeleteRecoveredResult {
  /** Folders, items and bytes deleted. */
  folders: number;
  items: number;
  bytes: number;
  /** Folders that could not be deleted (a permission, a file in use), each with the reason; they are kept. */
  failed: { name: string; reason: string }[];
}
