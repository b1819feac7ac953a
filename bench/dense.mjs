// The way a newcomer would solve the chain: write down the full transition
// matrix over edge-states and solve (I - P) V = 1 by dense Gaussian elimination
// with partial pivoting, in doubles. Benchmark-only: it shows the cost and the lost
// digits that chain.ts's structured recurrences avoid.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { buildGraph, compileChain, moveProbability } = require("rlvr-backtracking");

/** Expected hitting time from s by a dense solve; throws if the matrix would exceed `maxStates`. */
export function denseHittingTime(shape, policy, maxStates = 4000) {
  const chain = compileChain(buildGraph(shape));
  const n = chain.size;
  if (n > maxStates) throw new RangeError(`dense solve limited to ${maxStates} states, got ${n}`);
  const A = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    A[s * n + s] = 1;
    if (chain.moves[s].length === 0) continue;
    b[s] = 1;
    for (const m of chain.moves[s]) {
      if (chain.moves[m.to].length > 0) A[s * n + m.to] -= moveProbability(policy, m);
    }
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r * n + col]) > Math.abs(A[pivot * n + col])) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) [A[col * n + c], A[pivot * n + c]] = [A[pivot * n + c], A[col * n + c]];
      [b[col], b[pivot]] = [b[pivot], b[col]];
    }
    const d = A[col * n + col];
    for (let r = col + 1; r < n; r++) {
      const f = A[r * n + col] / d;
      if (f === 0) continue;
      for (let c = col; c < n; c++) A[r * n + c] -= f * A[col * n + c];
      b[r] -= f * b[col];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let sum = b[r];
    for (let c = r + 1; c < n; c++) sum -= A[r * n + c] * x[c];
    x[r] = sum / A[r * n + r];
  }
  return { value: x[0], states: n };
}
