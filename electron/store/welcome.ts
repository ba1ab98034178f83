// First run: a Welcome project with a document that says where to start and an image board
// whose prompt is ready for the starter GAN, so the first image is one press of Generate away.
// Seeded once per data folder (remembered in meta), so deleting either does not bring it back, and
// a folder whose Welcome project was made before the board existed does not get one: that project
// is the user's now (renamed, emptied, written in), and is left as it is.
import type { BoardStarter } from '../../shared/contract';
import type { Store } from './index';

export const WELCOME_BOARD = 'First images';
/** A garment and a colour word: the two things the starter GAN reads from a prompt. */
export const WELCOME_BOARD_STARTER: BoardStarter = { prompt: 'a red sneaker', model: 'starter-gan' };

const WELCOME_TEXT = `Welcome to Atelier.

Everything you write or generate here is kept as a version: nothing is overwritten, and deleted things go to the trash, where you can restore them.

Where to start:
- Write: open a text document, type a few words and press Ctrl+Enter (Cmd+Enter on a Mac) to let the model continue at the cursor. Tab keeps the suggestion, Esc drops it (it stays in the version tree). Ctrl+Shift+Enter asks for several alternatives side by side. Hover a word the model wrote to see what else it considered, and click one to branch from there.
- Images: open the "${WELCOME_BOARD}" board in this project: its prompt, "${WELCOME_BOARD_STARTER.prompt}", is ready, so press Generate (the starter model draws garments, and a colour word tints them; import a Stable Diffusion ONNX pipeline in Models for anything else). Click an image to open it on the canvas, where you can vary it or enhance it ×2/×4, and drop any PNG made by Atelier or AUTOMATIC1111 onto a board to restore its recipe.
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
    const now = Date.now();
    const project = store.projects.create('Welcome');
    const doc = store.documents.create(project.id, 'text', 'Start here', now);
    store.history.commitText(doc.id, [], WELCOME_TEXT, 'user');
    // A moment later, so the list (oldest first) keeps "Start here" on top.
    const board = store.documents.create(project.id, 'image', WELCOME_BOARD, now + 1);
    store.documents.setStarter(board.id, WELCOME_BOARD_STARTER);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('welcome_seeded', '1')`).run();
  })();
}
