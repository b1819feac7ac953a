/**
 * Where to spend inference-time compute (notebooks 05 and 06): the fraction of
 * problems each decoder solves within a total step budget. The rows come from
 * experiments/success-vs-budget.ts; this file only draws them.
 */
import type { Strategy } from "../search";
import type { Figure, Trace } from "./figure";
import { axis, baseLayout, finishFigure, legendBelow, POLICY_COLORS } from "./style";
import type { SuccessVsBudgetData } from "../experiments/success-vs-budget";

/** The dash of each decoding strategy. */
const STRATEGY_DASH: Record<Strategy["kind"], string> = { sample: "solid", dedup: "dash", restarts: "dashdot", "best-of-n": "dot" };

/**
 * The SFT limit's decoders, each in a colour of its own (Okabe-Ito: vermillion,
 * the SFT colour, for plain sampling; reddish purple, orange and black), so four
 * curves of one policy are told apart by colour as well as dash.
 */
const SFT_DECODER_COLORS: Record<Strategy["kind"], string> = { sample: POLICY_COLORS.sft, dedup: "#cc79a7", restarts: "#e69f00", "best-of-n": "#000000" };

/** One step line per decoder on a log budget axis: the policy's colour, and for the SFT limit's decoders one colour each. */
export function successVsBudgetFigure(data: SuccessVsBudgetData): Figure {
  const traces: Trace[] = data.curves.map((curve) => {
    if (curve.budgets.length !== curve.solved.length) throw new RangeError(`${curve.name}: budgets and solved must have the same length`);
    return {
      type: "scatter",
      name: curve.name,
      mode: "lines",
      x: curve.budgets,
      y: curve.solved,
      line: { color: curve.policy === "sft" ? SFT_DECODER_COLORS[curve.strategy] : POLICY_COLORS[curve.policy], width: 2, dash: STRATEGY_DASH[curve.strategy], shape: "hv" },
      hovertemplate: `${curve.name}<br>budget %{x}: %{y:.1%} solved<extra></extra>`,
    };
  });
  return finishFigure("successVsBudget", traces, baseLayout(`Success within a total step budget on ${data.graph}, ${data.walks} problems per decoder`, {
    xaxis: axis("total step budget per problem", { log: true, dtick: 1 }),
    yaxis: axis("fraction of problems solved", { range: [0, 1.02], tickformat: ".0%" }),
    legend: legendBelow(0.16),
    width: 900,
    height: 540,
    margin: { l: 70, r: 20, t: 60, b: 140 },
  }));
}
