/**
 * Proposition (this project), appendix A2: the best searcher with memory.
 *
 * An edge-state policy forgets which branches it has tried: its fork choice is a
 * fresh uniform guess, so it tries W - 1 dead branches on average (geometric
 * number of misses) and needs at best 4WK + 2W - 2K steps. A searcher that
 * remembers never re-enters an explored branch. A branch tells nothing about the
 * target until its leaf is reached, so the best it can do is to walk each chosen
 * branch to its leaf and, if dead, straight back: 2K + 1 edges down, 2K + 1 up.
 * Its order of branches is a uniform permutation from the target's point of view
 * (the target is uniform), so the target comes at a uniform position among W and
 * (W - 1) / 2 dead branches are walked on average:
 *   E[T] = 1 + (W - 1) / 2 * (4K + 2) + (2K + 1) = 2WK + W + 1,
 * about half the edge-state optimum. L plays no role: parallel edges are equal.
 */
import type { ExplicitGraph, GraphShape } from "../graph";
import { buildGraph } from "../graph";
import { movesFrom } from "../policy";
import { requireInteger } from "../validate";

/** 2WK + W + 1: the expected hitting time of the best searcher that remembers explored branches. */
export function memorySearchHittingTime(shape: GraphShape): number {
  if (shape.variant !== "path-star") throw new RangeError("the memory searcher is derived on the path-star graph");
  return 2 * shape.W * shape.K + shape.W + 1;
}

/**
 * Monte Carlo check of the derivation: walks on the explicit graph that follow
 * the optimal edge-state policy's moves everywhere except at the fork, where they
 * pick uniformly among the branches not yet entered. Returns the mean number of
 * steps and its standard error.
 */
export function sampleMemorySearch(shape: GraphShape, walks: number, rng: () => number): { mean: number; standardError: number } {
  requireInteger("walks", walks, 2, 10_000_000);
  const graphs = new Map<number, ExplicitGraph>();
  let sum = 0;
  let sumSquares = 0;
  for (let w = 0; w < walks; w++) {
    const target = Math.floor(rng() * shape.W);
    let graph = graphs.get(target);
    if (!graph) graphs.set(target, (graph = buildGraph(shape, target)));
    const entered = new Set<number>();
    let previous = -1;
    let current = graph.start;
    let steps = 0;
    while (current !== graph.target) {
      const moves = movesFrom(graph, previous, current);
      let next: number;
      if (current === graph.fork) {
        const fresh = moves.filter((m) => !entered.has(m.to));
        next = fresh[Math.floor(rng() * fresh.length)].to;
        entered.add(next);
      } else {
        // The optimal policy's every decision takes the desired move; elsewhere there is one move.
        next = moves.find((m) => m.decision < 0 || m.desired)!.to;
      }
      previous = current;
      current = next;
      steps++;
    }
    sum += steps;
    sumSquares += steps * steps;
  }
  const mean = sum / walks;
  const variance = (sumSquares - walks * mean * mean) / (walks - 1);
  return { mean, standardError: Math.sqrt(Math.max(variance, 0) / walks) };
}
