/**
 * Theorem 4's mechanism (notebooks 02 and 04): under the SFT limit, one more
 * diamond multiplies the expected exit time from a dead leaf by a factor that
 * tends to (L + 1)^2 / L. The ratios come from chain.ts's `expectedExitTime`.
 */
import { pathStar } from "../graph";
import { sftLimitPolicy } from "../policy";
import { expectedExitTime } from "../chain";
import { range, requireIntegerList } from "../rows";

export interface GrowthFactorParams {
  /** Diamond multiplicities, one curve each. */
  Ls: number[];
  /** Depths K at which the ratio exit(K + 1) / exit(K) is taken. */
  Ks: number[];
  /** Width (the exit time does not depend on it). */
  W: number;
}

export const GROWTH_FACTOR_DEFAULTS: GrowthFactorParams = { Ls: [1, 2, 3, 5, 9], Ks: range(1, 20), W: 3 };

export interface GrowthFactorRow {
  readonly L: number;
  readonly K: number;
  /** exit time at depth K + 1 / exit time at depth K, under the SFT limit. */
  readonly ratio: number;
  /** The limit (L + 1)^2 / L the ratio tends to. */
  readonly limit: number;
}

export interface GrowthFactorData {
  readonly rows: GrowthFactorRow[];
}

/** The exit-time ratios of the SFT limit for every L and K. */
export function growthFactorData(overrides: Partial<GrowthFactorParams> = {}): GrowthFactorData {
  const params: GrowthFactorParams = { ...GROWTH_FACTOR_DEFAULTS, ...overrides };
  const Ls = requireIntegerList("Ls", params.Ls, 1, 1_000_000_000);
  const Ks = requireIntegerList("Ks", params.Ks, 1, 1_000_000_000);
  const exit = (K: number, L: number) => {
    const shape = pathStar(params.W, K, L);
    return expectedExitTime(shape, sftLimitPolicy(shape));
  };
  return { rows: Ls.flatMap((L) => Ks.map((K) => ({ L, K, ratio: exit(K + 1, L) / exit(K, L), limit: (L + 1) ** 2 / L }))) };
}
