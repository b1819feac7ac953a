/**
 * A neural edge-state policy (appendix notebook A2): one network, shared by every
 * depth, maps the features of an edge state to the logit of one actual move.
 * It still sees only the edge state, so it is a Markov policy like the table of
 * policy.ts: query it at every (family, depth) and the exact solvers of chain.ts
 * give its hitting time and the gradient with respect to its logits.
 *
 * Features of decision (family, j) on a graph of depth K:
 *   +1 / -1   the walker stands at r(j) (families a, b) / at l(j) (c, d)
 *   +1 / -1   it arrived forward (a, c) / backward (b, d)
 *   j / K, j, K
 * The fork's choice stays uniform, as in the paper.
 *
 * What the output means matters once weights are shared (A2 measures both):
 *   "deeper"    the logit of stepping away from s (a and c's desired move, b and d's alternative);
 *   "continue"  the logit of going on in the direction of arrival, which is the
 *               desired move of all four families (so a shared bias means "be efficient").
 */
import type { GraphShape } from "../graph";
import { requirePathStar } from "../graph";
import type { Policy } from "../policy";
import { FAMILIES, baseOffsets, decisionCount, decisionIndex, policyFromTheta } from "../policy";
import type { ForwardPass, Mlp } from "../nn/mlp";
import { cloneMlp, createMlp, mlpBackward, mlpForward, requireMlp } from "../nn/mlp";
import { describe } from "../validate";

/** Names of the network's inputs, in order. */
export const NEURAL_FEATURES = ["at r (+1) or l (-1)", "arrived forward (+1) or backward (-1)", "j / K", "j", "K"] as const;

/** The default hidden widths of a neural edge-state policy. */
export const NEURAL_HIDDEN = [32, 32] as const;

/** The move whose logit the network outputs (see the module comment). */
export type MoveCoding = "deeper" | "continue";
export const MOVE_CODINGS: readonly MoveCoding[] = ["deeper", "continue"];

/** A network from edge-state features to the logit of the move named by `output`. */
export interface PolicyNetwork {
  readonly mlp: Mlp;
  readonly output: MoveCoding;
}

/** A fresh network with seeded weights (not yet the base model). */
export function createPolicyNetwork(seed: string, output: MoveCoding = "deeper", hidden: readonly number[] = NEURAL_HIDDEN): PolicyNetwork {
  if (!MOVE_CODINGS.includes(output)) throw new RangeError(`output must be one of ${MOVE_CODINGS.join(", ")}, got ${describe(output)}`);
  if (!Array.isArray(hidden)) throw new RangeError(`hidden must be an array of widths, got ${describe(hidden)}`);
  return { mlp: createMlp([NEURAL_FEATURES.length, ...hidden, 1], seed), output };
}

/** Throws unless `value` is a policy network: a network from the features to one logit, and what that logit means. */
export function requirePolicyNetwork(value: unknown, name = "net"): PolicyNetwork {
  const net = value as PolicyNetwork;
  if (typeof value !== "object" || value === null || !MOVE_CODINGS.includes(net.output)) {
    throw new RangeError(`${name} must be a policy network (from createPolicyNetwork, or a neural trainer's .net), got ${describe(value)}`);
  }
  const { sizes } = requireMlp(net.mlp, `${name}.mlp`);
  if (sizes[0] !== NEURAL_FEATURES.length || sizes[sizes.length - 1] !== 1) {
    throw new RangeError(`${name} must map ${NEURAL_FEATURES.length} features to 1 logit, got sizes ${sizes.join("-")}`);
  }
  return net;
}

export function clonePolicyNetwork(net: PolicyNetwork): PolicyNetwork {
  requirePolicyNetwork(net);
  return { mlp: cloneMlp(net.mlp), output: net.output };
}

/** +1 where the network's move is decision k's desired move, -1 where it is the alternative. */
function desiredSigns(shape: GraphShape, output: MoveCoding): Float64Array {
  const signs = new Float64Array(decisionCount(shape)).fill(1);
  if (output === "deeper") {
    for (const family of ["b", "d"] as const) {
      for (let j = 1; j <= shape.K; j++) signs[decisionIndex(shape, family, j)] = -1;
    }
  }
  return signs;
}

const PATH_STAR_ONLY = "neural policies are defined on the path-star graph G(W, K, L) only";

/** The features of every decision of `shape`, one row per decision in `decisionIndex` order. */
export function edgeStateFeatures(shape: GraphShape): Float64Array {
  requirePathStar(shape, PATH_STAR_ONLY);
  const width = NEURAL_FEATURES.length;
  const input = new Float64Array(decisionCount(shape) * width);
  for (const family of FAMILIES) {
    for (let j = 1; j <= shape.K; j++) {
      const row = decisionIndex(shape, family, j) * width;
      input[row] = family === "a" || family === "b" ? 1 : -1;
      input[row + 1] = family === "a" || family === "c" ? 1 : -1;
      input[row + 2] = j / shape.K;
      input[row + 3] = j;
      input[row + 4] = shape.K;
    }
  }
  return input;
}

/** The network evaluated at every edge state of `shape`, and the policy it defines. */
export interface NeuralEvaluation {
  readonly shape: GraphShape;
  readonly pass: ForwardPass;
  /** +1 where the network's output is the desired move's logit, -1 where it is the alternative's. */
  readonly signs: Float64Array;
  /** Logit of the desired move at every decision (`decisionIndex` order). */
  readonly logits: Float64Array;
  /** logits - baseOffsets: the policy's theta in the sense of policy.ts (0 is the base model). */
  readonly theta: Float64Array;
  readonly policy: Policy;
}

export function evaluateNetwork(net: PolicyNetwork, shape: GraphShape): NeuralEvaluation {
  requirePolicyNetwork(net);
  requirePathStar(shape, PATH_STAR_ONLY);
  const rows = decisionCount(shape);
  const pass = mlpForward(net.mlp, edgeStateFeatures(shape), rows);
  const signs = desiredSigns(shape, net.output);
  const logits = pass.output.map((z, k) => signs[k] * z);
  const offsets = baseOffsets(shape);
  const theta = logits.map((z, k) => z - offsets[k]);
  return { shape, pass, signs, logits, theta, policy: policyFromTheta(shape, theta) };
}

/**
 * The policy the network defines on `shape`: P(desired) = sigmoid(logit). The
 * network may be evaluated at depths it was never trained on.
 */
export function neuralPolicy(net: PolicyNetwork, shape: GraphShape): Policy {
  return evaluateNetwork(net, shape).policy;
}

/**
 * d(objective)/d(parameters) from d(objective)/d(logit) at every decision. Since
 * logit = theta + offset, the gradient with respect to the logits is the one with
 * respect to theta that chain.ts and the trainers compute; the sign turns it into
 * the gradient with respect to the network's output.
 */
export function backpropagateLogitGradient(evaluation: NeuralEvaluation, logitGradient: Float64Array): Float64Array {
  if (typeof evaluation !== "object" || evaluation === null || !(evaluation.signs instanceof Float64Array)) {
    throw new RangeError(`evaluation must be an evaluated network (from evaluateNetwork), got ${describe(evaluation)}`);
  }
  if (!(logitGradient instanceof Float64Array) || logitGradient.length !== evaluation.signs.length) {
    throw new RangeError(`logitGradient must be a Float64Array of ${evaluation.signs.length} entries (one per decision), got ${describe(logitGradient)}`);
  }
  return mlpBackward(evaluation.pass, logitGradient.map((g, k) => g * evaluation.signs[k]));
}
