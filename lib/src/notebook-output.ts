/**
 * One output of a tslab notebook cell carrying several representations at once
 * (a MIME bundle): the viewer picks the richest it can show. tslab's public
 * `display` sends one MIME type per output; its kernel module exposes the
 * function those calls end in (`lastWriteDisplayData`), which takes a whole
 * bundle, as a Jupyter `display_data` message does. No Node API is used unless a
 * notebook calls `showBundle`.
 */

/** MIME type to content: strings (text/html, text/plain) or JSON (application/vnd.plotly.v1+json). */
export type MimeBundle = Record<string, string | object>;

/** The part of tslab's kernel module this uses (tslab 1.0: dist/jupyter.js). */
interface TslabKernel {
  lastWriteDisplayData: ((data: { data: MimeBundle; metadata: object; transient: object }, update: boolean) => void) | null;
}

/** Shows `bundle` as one output of the running cell; `caller` names the library function in errors. */
export function showBundle(caller: string, bundle: MimeBundle): void {
  let kernel: TslabKernel;
  try {
    kernel = require("tslab/dist/jupyter") as TslabKernel;
  } catch {
    throw new Error(`${caller} runs inside a tslab notebook; elsewhere use the function that returns the text`);
  }
  if (typeof kernel.lastWriteDisplayData !== "function") {
    throw new Error(`${caller} must be called while a tslab notebook cell runs`);
  }
  kernel.lastWriteDisplayData({ data: bundle, metadata: {}, transient: {} }, false);
}
