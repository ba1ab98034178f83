// The webPreferences every Atelier window must be given, stated here on their own rather than
// imported from electron/main/security.ts: a test comparing the options with themselves would
// pass whatever they said. Both the unit test of createSecureWindow and the boot of the real main
// check windows against this list.
const ON = ['contextIsolation', 'sandbox', 'webSecurity'] as const;
const OFF = [
  'nodeIntegration',
  'nodeIntegrationInWorker',
  'nodeIntegrationInSubFrames',
  'allowRunningInsecureContent',
  'webviewTag',
  'experimentalFeatures',
] as const;

/** Isolated, sandboxed, no Node anywhere, no webviews, no insecure content; middle-click pop-ups off. */
export const SECURE_WEB_PREFERENCES: Readonly<Record<string, boolean | string>> = {
  ...Object.fromEntries(ON.map((k) => [k, true])),
  ...Object.fromEntries(OFF.map((k) => [k, false])),
  disableBlinkFeatures: 'Auxclick',
};
