/** The ids of the page's embedded data, shared by the page's writer (page.ts) and its reader (app.ts). */
export const DATA_ID = 'palisade-data';
export const WORKER_ID = 'palisade-worker';
