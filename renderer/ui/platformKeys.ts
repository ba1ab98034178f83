// Key names as this platform writes them: ⌘ on Apple systems, Ctrl elsewhere. (No imports: the
// shortcuts sheet reads this while the app's modules are still loading.) One file for every feature.
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
export const MOD = IS_MAC ? '⌘' : 'Ctrl';
