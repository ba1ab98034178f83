// Every schema version in order. Add a file per version; never edit a shipped one.
import type { Database } from 'better-sqlite3';
import * as m001 from './001-initial';
import * as m002 from './002-iteration-tokens';
import * as m003 from './003-iteration-trash';
import * as m004 from './004-models';
import * as m005 from './005-iteration-annotations';
import * as m006 from './006-search';
import * as m007 from './007-grids-reproductions';
import * as m008 from './008-search-repair';
import * as m009 from './009-artifact-removals';
import * as m010 from './010-iteration-spans';
import * as m011 from './011-document-starter';

export interface Migration {
  version: number;
  up(db: Database): void;
}

export const migrations: Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011];
export const LATEST_VERSION = migrations.at(-1)?.version ?? 0;
