/**
 * Where a policy spends its inference-time compute (notebook 06): visits of every
 * node (from sparse.expectedNodeVisits and sample.sampledNodeVisits) drawn along
 * the graph from the start through the stem and the fork into the target branch
 * and a dead branch. Data in (visits per node), figure out.
 */
import type { ExplicitGraph } from "../graph";
import { describeShape } from "../graph";
import type { Figure, Trace } from "./figure";
import { axis, baseLayout, finishFigure, legendBelow } from "./style";

/** Node ids in walking order: start, stem, fork, then the target branch, and a dead branch from the fork on. */
export interface GraphRoute {
  /** s, the stem's l and r nodes, f, then l(1), r(1), ..., r(K), t along a branch. */
  readonly labels: string[];
  /** The nodes along that route into the target branch. */
  readonly target: number[];
  /** The same route into a dead branch (empty when W = 1). */
  readonly dead: number[];
}

/** The route of `visitsAlongGraph`: one x position per node, the stem shared by both branches. */
export function routeAlongGraph(graph: ExplicitGraph): GraphRoute {
  const prefix: number[] = [];
  for (let v = graph.start; v !== graph.fork; v = graph.forward[v]) prefix.push(v);
  prefix.push(graph.fork);
  const along = (branch: number) => {
    const nodes: number[] = [];
    for (let v = graph.branchEntries[branch]; v >= 0; v = graph.forward[v]) nodes.push(v);
    return nodes;
  };
  const deadBranch = graph.targetBranch === 0 ? 1 : 0;
  const branchLabels = along(graph.targetBranch).map((v) => {
    const node = graph.nodes[v];
    return node.kind === "leaf" ? "leaf" : `${node.kind === "left" ? "l" : "r"}${node.depth - graph.shape.S}`;
  });
  const prefixLabels = prefix.map((v) => {
    const node = graph.nodes[v];
    if (node.kind === "start") return "s";
    if (node.kind === "fork") return "f";
    return `stem ${node.kind === "left" ? "l" : "r"}${node.depth}`;
  });
  return {
    labels: [...prefixLabels, ...branchLabels],
    target: [...prefix, ...along(graph.targetBranch)],
    dead: graph.shape.W > 1 ? along(deadBranch) : [],
  };
}

/** One policy's visits per node (indexed by node id), as `expectedNodeVisits` gives them. */
export interface NodeVisitCurve {
  readonly name: string;
  readonly color: string;
  readonly visits: ArrayLike<number>;
  /** Optional Monte Carlo half-widths per node, drawn as error bars. */
  readonly halfWidth?: ArrayLike<number>;
}

/**
 * Where the steps go (notebook 06): expected visits of each node along the graph,
 * s, the stem, the fork, then the branch positions l1, r1, ..., leaf. Per policy,
 * a solid line through the target branch and a dotted one through a dead branch
 * (any dead branch: they are alike). Log scale; a node never visited is left out.
 */
export function visitsAlongGraph(graph: ExplicitGraph, curves: readonly NodeVisitCurve[]): Figure {
  const route = routeAlongGraph(graph);
  const forkAt = route.target.indexOf(graph.fork);
  const positive = (x: number) => (x > 0 ? x : null);
  const data: Trace[] = [];
  for (const curve of curves) {
    if (curve.visits.length !== graph.nodes.length) {
      throw new RangeError(`${curve.name}: visits must have one entry per node (${graph.nodes.length}), got ${curve.visits.length}`);
    }
    const bars = (nodes: number[]) =>
      curve.halfWidth ? { error_y: { type: "data", array: nodes.map((v) => curve.halfWidth![v]), visible: true, thickness: 1 } } : {};
    data.push({
      type: "scatter",
      name: `${curve.name}: target branch`,
      legendgroup: curve.name,
      mode: "lines+markers",
      x: route.labels,
      y: route.target.map((v) => positive(curve.visits[v])),
      line: { color: curve.color, width: 2 },
      marker: { color: curve.color, size: 6 },
      hovertemplate: `${curve.name}, target branch, %{x}: %{y:.4s} visits<extra></extra>`,
      ...bars(route.target),
    });
    if (route.dead.length > 0) {
      const deadRoute = [graph.fork, ...route.dead];
      data.push({
        type: "scatter",
        name: `${curve.name}: each dead branch`,
        legendgroup: curve.name,
        mode: "lines+markers",
        x: route.labels.slice(forkAt),
        y: deadRoute.map((v) => positive(curve.visits[v])),
        line: { color: curve.color, width: 2, dash: "dot" },
        marker: { color: curve.color, size: 6, symbol: "circle-open" },
        hovertemplate: `${curve.name}, a dead branch, %{x}: %{y:.4s} visits<extra></extra>`,
        ...bars(deadRoute),
      });
    }
  }
  return finishFigure("visitsAlongGraph", data, baseLayout(`Expected visits per node along ${describeShape(graph.shape)}`, {
    xaxis: axis("node, from the start along the stem, through the fork, down a branch", { type: "category", tickangle: -45 }),
    yaxis: axis("expected visits per run", { log: true }),
    width: 980,
    height: 520,
    legend: legendBelow(0.3),
    margin: { l: 70, r: 20, t: 60, b: 150 },
  }));
}

