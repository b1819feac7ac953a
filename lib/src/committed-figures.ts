/**
 * The figures' committed data (figures/NAME.json, written by `npm run figures`),
 * read back for a notebook whose long sweep would take too long to recompute on
 * every run (notebook A2 reads its ten-seed runs this way and runs one small case
 * live; A1 and 06 read the sweeps computed at their committed sizes).
 * The file must have been computed with the registry's current defaults; a stale
 * file is an error that says how to regenerate it, never numbers silently from
 * other parameters.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import { isDeepStrictEqual } from "util";
import type { FigureDataOf, FigureName, FigureParams } from "./figures";
import { figureEntry, figureParams } from "./figures";

/** The repository's figures/ folder, from the compiled lib (lib/dist/src/). */
export function figuresFolder(): string {
  return join(__dirname, "..", "..", "..", "figures");
}

/** Parameters as a JSON file stores them (JSON has no undefined). */
function asWritten(params: unknown): unknown {
  return JSON.parse(JSON.stringify(params));
}

/** A figure file as scripts/figures.mjs writes it. */
export interface CommittedFigure<N extends FigureName> {
  readonly name: N;
  /** The parameters it was computed with, the seed among them where the data is random. */
  readonly params: FigureParams[N];
  readonly data: FigureDataOf[N];
}

/**
 * The committed data of figure `name` (from `folder`, the repository's figures/
 * by default) with the parameters it was computed with. Throws if the file is
 * missing or was computed with parameters other than the registry's defaults.
 */
export function committedFigure<N extends FigureName>(name: N, folder = figuresFolder()): CommittedFigure<N> {
  const path = join(folder, `${name}.json`);
  const regenerate = `regenerate it with: node scripts/figures.mjs ${name}`;
  if (!existsSync(path)) throw new Error(`no committed data for figure ${name} (${path}): ${regenerate}`);
  const file = JSON.parse(readFileSync(path, "utf8")) as CommittedFigure<N>;
  if (!isDeepStrictEqual(file.params, asWritten(figureParams(name)))) {
    throw new Error(`figures/${name}.json was computed with other parameters than the registry's defaults: ` +
      regenerate);
  }
  return file;
}

/** Figure data and where it came from. */
export interface FigureDataSource<N extends FigureName> {
  readonly data: FigureDataOf[N];
  /** True when read from figures/NAME.json, false when computed now. */
  readonly committed: boolean;
}

/**
 * The data of figure `name` at its defaults changed by `overrides`: read from the
 * committed file when those are the parameters it was computed with (a notebook at
 * its committed sizes), computed otherwise (a reader who changed the sizes).
 */
export function figureDataFromCommitted<N extends FigureName>(
  name: N, overrides: Partial<FigureParams[N]> = {}, folder = figuresFolder(),
): FigureDataSource<N> {
  const params = figureParams(name, overrides);
  if (isDeepStrictEqual(asWritten(params), asWritten(figureParams(name)))) {
    return { data: committedFigure(name, folder).data, committed: true };
  }
  return { data: figureEntry(name).data(params), committed: false };
}
