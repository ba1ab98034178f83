import { randomUUID } from 'node:crypto';

/** Opaque ids for rows we create; they match the contract's Id pattern. */
export const newId = (): string => randomUUID();
