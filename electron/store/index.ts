// The store: one SQLite file plus the content-addressed artifact folder inside a data folder.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactsRepo } from './artifacts';
import { openDatabase, type Db } from './connection';
import { DocumentsRepo } from './documents';
import { GridsRepo } from './grids';
import { HistoryRepo } from './history';
import { JobsRepo } from './jobs';
import { ModelsRepo } from './models';
import { ProjectsRepo } from './projects';
import { PurgeRepo } from './purge';
import { ReproductionsRepo } from './reproductions';
import { SearchRepo } from './search';
import { DB_FILE } from './startup';
import { SettingsRepo } from './settings';
import { seedWelcome } from './welcome';

export interface Store {
  db: Db;
  dataDir: string;
  projects: ProjectsRepo;
  documents: DocumentsRepo;
  artifacts: ArtifactsRepo;
  history: HistoryRepo;
  purge: PurgeRepo;
  jobs: JobsRepo;
  models: ModelsRepo;
  search: SearchRepo;
  grids: GridsRepo;
  reproductions: ReproductionsRepo;
  settings: SettingsRepo;
  close(): void;
}

export { DB_FILE };

export function openStore(dataDir: string, opts: { welcome?: boolean } = {}): Store {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, DB_FILE));
  const projects = new ProjectsRepo(db);
  const documents = new DocumentsRepo(db, projects);
  const artifacts = new ArtifactsRepo(db, join(dataDir, 'artifacts'));
  const history = new HistoryRepo(db, documents, artifacts);
  const store: Store = {
    db,
    dataDir,
    projects,
    documents,
    artifacts,
    history,
    purge: new PurgeRepo(db, history, artifacts),
    jobs: new JobsRepo(db),
    models: new ModelsRepo(db),
    search: new SearchRepo(db),
    grids: new GridsRepo(db),
    reproductions: new ReproductionsRepo(db),
    settings: new SettingsRepo(db),
    close: () => db.close(),
  };
  if (opts.welcome !== false) seedWelcome(store);
  return store;
}
