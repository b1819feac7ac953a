/**
 * Round-1 names of the registered figures, each computing and drawing in one
 * call, kept only until the notebooks call `xxxData` and `xxxFigure` (or
 * `figureData` and `drawFigure`). Remove this file once no notebook imports them.
 */
import type { Figure } from "./figure";
import type { FigureParams } from "./registry";
import { buildFigure } from "./registry";

/** @deprecated use graphDrawingFigure(graphDrawingData(params)) */
export const graphDrawing = (options: Partial<FigureParams["graphDrawing"]> = {}): Figure => buildFigure("graphDrawing", options);
/** @deprecated use exponentialGapFigure(exponentialGapData(params)) */
export const exponentialGap = (options: Partial<FigureParams["exponentialGap"]> = {}): Figure => buildFigure("exponentialGap", options);
/** @deprecated use growthFactorFigure(growthFactorData(params)) */
export const growthFactor = (options: Partial<FigureParams["growthFactor"]> = {}): Figure => buildFigure("growthFactor", options);
/** @deprecated use sftDynamicsFigure(sftDynamicsData(params)) */
export const sftDynamics = (options: Partial<FigureParams["sftDynamics"]> = {}): Figure => buildFigure("sftDynamics", options);
/** @deprecated use corollary1WorkFigure(corollary1WorkData(params)) */
export const corollary1Work = (options: Partial<FigureParams["corollary1Work"]> = {}): Figure => buildFigure("corollary1Work", options);
/** @deprecated use difficultDecisionsFigure(difficultDecisionsData(params)) */
export const difficultDecisions = (options: Partial<FigureParams["difficultDecisions"]> = {}): Figure => buildFigure("difficultDecisions", options);
