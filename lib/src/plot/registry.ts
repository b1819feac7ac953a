/**
 * Every figure of the project, by name: what it shows (one line), the notebook it
 * belongs to, its builder, its default parameters and its seed. The figure script
 * (scripts/figures.mjs) loops over this list; the notebooks call the same
 * builders, or `buildFigure(name, overrides)`.
 */
import type { Figure } from "./figure";
import { graphDrawing, GRAPH_DRAWING_DEFAULTS } from "./graph-drawing";
import { exponentialGap, EXPONENTIAL_GAP_DEFAULTS, growthFactor, GROWTH_FACTOR_DEFAULTS } from "./hitting-time";
import { figure3, FIGURE3_DEFAULTS, sftDynamics, SFT_DYNAMICS_DEFAULTS } from "./training";
import {
  corollary1Work, COROLLARY1_WORK_DEFAULTS, difficultDecisions, DIFFICULT_DECISIONS_DEFAULTS, successVsBudget,
  SUCCESS_VS_BUDGET_DEFAULTS,
} from "./decoding";

/** The notebooks figures belong to (file names without `.ipynb`). */
export const NOTEBOOKS = {
  introduction: "00-introduction",
  setup: "01-graph-and-base-model",
  sft: "02-theorem-2-sft",
  rlvr: "03-theorem-3-rlvr",
  separation: "04-theorem-4-exponential-gap",
  search: "05-corollary-1-search",
  difficultDecisions: "06-difficult-decisions-and-compute",
  distillation: "A1-appendix-distillation",
} as const;

/** A registered figure. `build()` gives the default figure; `build(overrides)` changes parameters. */
export interface FigureEntry {
  readonly name: string;
  /** One line: what the figure shows. */
  readonly caption: string;
  /** The notebook that shows it (see NOTEBOOKS). */
  readonly notebook: string;
  /** The parameters the default figure is built with (plain JSON). */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** The seed of any randomness in the figure (every figure is a function of parameters and seed). */
  readonly seed: string;
  readonly build: (overrides?: Readonly<Record<string, unknown>>) => Figure;
}

/** Registers a builder with typed defaults; `build` merges overrides into them. */
function defineFigure<P extends object>(spec: {
  name: string;
  caption: string;
  notebook: string;
  defaults: P;
  seed: string;
  builder: (params: P, seed: string) => Figure;
}): FigureEntry {
  return {
    name: spec.name,
    caption: spec.caption,
    notebook: spec.notebook,
    defaults: spec.defaults as Readonly<Record<string, unknown>>,
    seed: spec.seed,
    build: (overrides = {}) => {
      const unknown = Object.keys(overrides).filter((key) => !(key in spec.defaults));
      if (unknown.length > 0) {
        throw new RangeError(
          `figure ${spec.name} has no parameter ${unknown.join(", ")}; its parameters are ${Object.keys(spec.defaults).join(", ")}`,
        );
      }
      return spec.builder({ ...spec.defaults, ...overrides } as P, spec.seed);
    },
  };
}

export const FIGURES: readonly FigureEntry[] = [
  defineFigure({
    name: "graphDrawing",
    caption: "The reasoning graph G(3, 3, 2): start, fork, three branches of diamonds with two parallel edges, the golden path and the target leaf.",
    notebook: NOTEBOOKS.introduction,
    defaults: GRAPH_DRAWING_DEFAULTS,
    seed: "graph-drawing",
    builder: (params, seed) => graphDrawing({ ...params, seed }),
  }),
  defineFigure({
    name: "exponentialGap",
    caption: "Theorem 4: expected hitting time against depth K and width W for the base walk, the SFT limit, the optimum and trained SFT and RLVR (log scale).",
    notebook: NOTEBOOKS.separation,
    // Trained SFT and RLVR policies (trainers' defaults) as markers at three depths.
    defaults: { ...EXPONENTIAL_GAP_DEFAULTS, trainedKs: [5, 10, 15] },
    seed: "none",
    builder: (params) => exponentialGap(params),
  }),
  defineFigure({
    name: "growthFactor",
    caption: "Theorem 4: under the SFT limit each diamond multiplies the exit time from a dead end by a factor tending to (L + 1)^2 / L.",
    notebook: NOTEBOOKS.separation,
    defaults: GROWTH_FACTOR_DEFAULTS,
    seed: "none",
    builder: (params) => growthFactor(params),
  }),
  defineFigure({
    name: "sftDynamics",
    caption: "Theorem 2: during SFT on golden paths a and c rise toward 1, b and d stay at their base values, and the hitting time grows.",
    notebook: NOTEBOOKS.sft,
    defaults: SFT_DYNAMICS_DEFAULTS,
    seed: "none",
    builder: (params) => sftDynamics(params),
  }),
  defineFigure({
    name: "figure3",
    caption: "Figure 3 (Theorems 3 and 5): expected hitting time of RLVR and of its distilled student against the training step on G(15, 15, 5); optimum 900 dashed.",
    notebook: NOTEBOOKS.distillation,
    defaults: FIGURE3_DEFAULTS,
    seed: "fig3",
    builder: (params, seed) => figure3(params, seed),
  }),
  defineFigure({
    name: "corollary1Work",
    caption: "Corollary 1: with duplicate-edge rejection the SFT limit needs steps linear in L, the RLVR limit does not; exact values and Monte Carlo.",
    notebook: NOTEBOOKS.search,
    defaults: COROLLARY1_WORK_DEFAULTS,
    seed: "corollary1",
    builder: (params, seed) => corollary1Work(params, seed),
  }),
  defineFigure({
    name: "successVsBudget",
    caption: "Fraction of problems solved within a step budget: RLVR sampling against SFT with rejection, restarts, best-of-n and plain sampling.",
    notebook: NOTEBOOKS.difficultDecisions,
    defaults: SUCCESS_VS_BUDGET_DEFAULTS,
    seed: "budget",
    builder: (params, seed) => successVsBudget(params, seed),
  }),
  defineFigure({
    name: "difficultDecisions",
    caption: "Stem variant: expected visits of every decision and the steps its desired move saves, under the SFT limit and after RLVR.",
    notebook: NOTEBOOKS.difficultDecisions,
    defaults: DIFFICULT_DECISIONS_DEFAULTS,
    seed: "decisions",
    builder: (params, seed) => difficultDecisions(params, seed),
  }),
];

/** The registered figure called `name`; the error lists the names there are. */
export function figureEntry(name: string): FigureEntry {
  const entry = FIGURES.find((f) => f.name === name);
  if (!entry) throw new RangeError(`no figure named ${JSON.stringify(name)}; the figures are ${FIGURES.map((f) => f.name).join(", ")}`);
  return entry;
}

/** Builds the registered figure `name` with its defaults, changed by `overrides`. */
export function buildFigure(name: string, overrides?: Readonly<Record<string, unknown>>): Figure {
  return figureEntry(name).build(overrides);
}
