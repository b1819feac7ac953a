/**
 * The figures' committed data (figures/NAME.json, written by `npm run figures`),
 * read back for a notebook whose long sweep would take minutes to recompute
 * (notebook A2 reads its ten-seed runs this way and runs one small case live).
 * The file must have been computed with the registry's current defaults; a stale
 * file is an error that says how to regenerate it, never numbers silently from
 * other parameters.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { isDeepStrictEqual } from "util";
import type { FigureDataOf, FigureName, FigureParams } from "./registry";
import { figureEntry, figureParams } from "./registry";

/** The repository's figures/ folder, from the compiled lib (lib/dist/src/plot/). */
export function figuresFolder(): string {
  return join(__dirname, "..", "..", "..", "..", "figures");
}

/** A figure file as scripts/figures.mjs writes it. */
export interface CommittedFigure<N extends FigureName> {
  readonly name: N;
  readonly params: FigureParams[N];
  readonly seed: string;
  readonly data: FigureDataOf[N];
}

/**
 * The committed data of figure `name` (from `folder`, the repository's figures/
 * by default) with the parameters it was computed with. Throws if the file is
 * missing or was computed with parameters or a seed other than the registry's
 * defaults.
 */
export function committedFigure<N extends FigureName>(name: N, folder = figuresFolder()): CommittedFigure<N> {
  const entry = figureEntry(name);
  const path = join(folder, `${name}.json`);
  const regenerate = `regenerate it with: node scripts/figures.mjs ${name}`;
  if (!existsSync(path)) throw new Error(`no committed data for figure ${name} (${path}): ${regenerate}`);
  const file = JSON.parse(readFileSync(path, "utf8")) as CommittedFigure<N>;
  // JSON has no undefined: compare the defaults as they would be written.
  const defaults = JSON.parse(JSON.stringify(figureParams(name)));
  if (!isDeepStrictEqual(file.params, defaults) || file.seed !== entry.seed) {
    throw new Error(`figures/${name}.json was computed with other parameters or another seed than the ` +
      `registry's defaults: ${regenerate}`);
  }
  return file;
}
