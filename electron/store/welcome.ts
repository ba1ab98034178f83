// First run: a Welcome project whose one document says where to start. Seeded once per data
// folder (remembered in meta), so deleting it does not bring it back.
import type { Store } from './index';

const WELCOME_TEXT = `Welcome to Atelier.

Everything you write or generate here is kept as a version: nothing is overwritten, and deleted things go to the trash, where you can restore them.

Where to start:
- Write: open a text document, type a few words and press Ctrl+Enter (Cmd+Enter on a Mac) to let the model continue at the cursor. Tab keeps the suggestion, Esc drops it (it stays in the version tree). Ctrl+Shift+Enter asks for several alternatives side by side. Hover a word the model wrote to see what else it considered, and click one to branch from there.
- Images: add an image board, type a prompt such as "a sneaker" (the starter model draws garments; import a Stable Diffusion ONNX pipeline in Models for anything else) and press Generate. Open an image to vary it, enhance it ×2/×4, or drop any PNG made by Atelier or AUTOMATIC1111 onto the board to restore its recipe.
- Create a project in the sidebar ("New project"), then add a text document or an image board.
- The queue panel shows every job with its progress; jobs survive a restart.
- "Run self-test" in the queue runs a small ONNX model through the engine to prove it works here.
- The status panel lists the execution providers (CPU, GPU) this machine offers.
- Press ? for keyboard shortcuts.
`;

export function seedWelcome(store: Store): void {
  const { db } = store;
  db.transaction(() => {
    const seeded = db.prepare(`SELECT 1 FROM meta WHERE key = 'welcome_seeded'`).get();
    if (seeded) return;
    const project = store.projects.create('Welcome');
    const doc = store.documents.create(project.id, 'text', 'Start here');
    store.history.commitText(doc.id, [], WELCOME_TEXT, 'user');
    db.prepare(`INSERT INTO meta (key, value) VALUES ('welcome_seeded', '1')`).run();
  })();
}
