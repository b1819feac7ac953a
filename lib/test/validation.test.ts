import { test } from "node:test";
import assert from "node:assert/strict";
import * as graphModule from "../src/graph";
import * as policyModule from "../src/policy";
import * as sampleModule from "../src/sample";
import * as searchModule from "../src/search";
import * as trainModule from "../src/train";
import * as progressModule from "../src/progress";
import * as chainModule from "../src/chain";
import * as sparseModule from "../src/sparse";
import * as edgeChainModule from "../src/edge-chain";
import * as closedFormsModule from "../src/closed-forms";
import * as displayModule from "../src/display";
import * as statsModule from "../src/stats";
import * as dynamicsModule from "../src/dynamics";
import * as nnModule from "../src/nn/mlp";
import * as neuralModule from "../src/train/neural";
import * as neuralPolicyModule from "../src/train/neural-policy";
import * as neuralMemoryModule from "../src/train/neural-memory";
import * as neuralCliModule from "../src/train/neural-cli";
import { describe, optionKeys, requireOptions } from "../src/validate";
import {
  basePolicy, buildGraph, compileSamplingTable, createRng, decisionCount, decisionIndex, distill, expectedHittingTime,
  goldenPath, meanWithInterval, pathStar, policyFromTheta, sampleDedupHittingTimes, sampleHittingTimes, sampleRollout,
  sampleWork, sampleGoldenPaths, teacherDemonstrations, trainRlvr, trainSft, stemPathStar,
} from "../src";

/** Every public function of the modules this test covers (chain.ts and sparse.ts have their own). */
const MODULES: Record<string, Record<string, unknown>> = {
  graph: graphModule, policy: policyModule, sample: sampleModule, search: searchModule, train: trainModule, progress: progressModule,
};

/** Functions whose every argument is optional by design: called with nothing they return their defaults. */
const ALL_OPTIONAL = new Set(["walksAndBudget", "requireBudget"]);

/** Validators check the user's values; their own first argument is the library's name for a parameter. */
const isValidator = (name: string) => name.startsWith("require");

function exportedFunctions(modules: Record<string, Record<string, unknown>> = MODULES): [string, (...args: unknown[]) => unknown][] {
  const seen = new Map<string, (...args: unknown[]) => unknown>();
  for (const exports of Object.values(modules)) {
    for (const [name, value] of Object.entries(exports)) if (typeof value === "function") seen.set(name, value as (...args: unknown[]) => unknown);
  }
  return [...seen];
}

/** Asserts that `call` throws a RangeError whose message names a parameter ("x must be ..."). */
function assertNamedRefusal(call: () => unknown, what: string, parameter: RegExp = /[\w.[\]]+ (must|has|is)/): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof RangeError, `${what}: expected a RangeError, got ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`);
  assert.match((thrown as Error).message, parameter, what);
}

test("every exported function refuses missing arguments with a RangeError naming the parameter", () => {
  const functions = exportedFunctions();
  assert.ok(functions.length > 60, `the sweep covers ${functions.length} functions`);
  for (const [name, f] of functions) {
    if (ALL_OPTIONAL.has(name) || isValidator(name)) continue;
    assertNamedRefusal(() => f(), `${name}()`);
  }
});

test("every exported function refuses arguments of the wrong type with a RangeError, never a TypeError", () => {
  const hostile: unknown[] = [undefined, null, 5, "x", {}, [], () => 0.5, Object.create(null), NaN];
  const shape = pathStar(2, 2, 2);
  const graph = buildGraph(shape);
  // Valid leading arguments, so the checks of the later ones are reached too.
  const leads: [string, unknown[]][] = [
    ["", []],
    ["shape, ", [shape]],
    ["graph, ", [graph]],
    ["table, ", [compileSamplingTable(graph)]],
    ["policy, ", [basePolicy(shape)]],
    ["shape, policy, ", [shape, basePolicy(shape)]],
    ["graph, policy, ", [graph, basePolicy(shape)]],
    ["table, policy, ", [compileSamplingTable(graph), basePolicy(shape)]],
    ["strategy, graph, policy, ", [{ kind: "sample" }, graph, basePolicy(shape)]],
  ];
  assertRangeErrorsOnly(exportedFunctions().filter(([name]) => !isValidator(name)), leads, hostile);
});

/**
 * Calls each function with each lead of valid arguments followed by each hostile
 * value, and asserts that it returns or throws a RangeError (or an error `tolerated` allows).
 */
function assertRangeErrorsOnly(
  functions: [string, (...args: unknown[]) => unknown][],
  leads: [string, unknown[]][],
  hostile: unknown[],
  tolerated: (error: unknown) => boolean = () => false,
): void {
  for (const [name, f] of functions) {
    for (const [leadText, lead] of leads) {
      for (const value of hostile) {
        let thrown: unknown;
        try {
          f(...lead, value, value, value, value);
        } catch (error) {
          thrown = error;
        }
        const call = `${name}(${leadText}${describe(value)}, ...)`;
        assert.ok(thrown === undefined || thrown instanceof RangeError || tolerated(thrown), `${call} threw ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`);
      }
    }
  }
}

test("a forged shape is refused by every function that takes a shape, naming the field", () => {
  const forged: [unknown, RegExp][] = [
    [{ W: -3 }, /shape\.variant must be one of "path-star", "stem-path-star", got undefined/],
    [{ variant: "path-star", W: -3, K: 2, L: 2, S: 0 }, /shape\.W must be an integer from 1/],
    [{ variant: "path-star", W: 3, K: 2.5, L: 2, S: 0 }, /shape\.K must be an integer from 1/],
    [{ variant: "path-star", W: 3, K: 2, L: 2, S: 4 }, /shape\.S must be an integer from 0 to 0/],
    [{ variant: "stem-path-star", W: 3, K: 2, L: 2, S: 0 }, /shape\.S must be an integer from 1/],
    [{ variant: "__proto__", W: 3, K: 2, L: 2, S: 0 }, /shape\.variant must be one of/],
  ];
  const takesShape = [
    "depthCount", "branchLength", "goldenPathLength", "describeShape", "nodeIds", "explicitSize", "edgeStateCount", "buildGraph",
    "decisionCount", "baseOffsets", "basePolicy", "optimalPolicy", "sftLimitPolicy", "forkDecisionIndex", "requireSampleable",
    "samplingTablesByTarget", "dedupOptimalHittingTime", "dedupSftLimitHittingTime", "trainRlvr", "trainSft", "emptyCounts",
    "goldenDecisionCounts", "defaultBudget",
  ];
  const functions = new Map(exportedFunctions());
  for (const [shape, message] of forged) {
    for (const name of takesShape) assertNamedRefusal(() => functions.get(name)!(shape), `${name}(${JSON.stringify(shape)})`, message);
  }
});

test("a shape is checked again unless it is frozen: one changed after passing a check is still refused", () => {
  const literal = { variant: "path-star", W: 3, K: 2, L: 2, S: 0 };
  assert.equal(decisionCount(literal as never), 8);
  literal.W = -3;
  assert.throws(() => decisionCount(literal as never), /shape\.W must be an integer from 1/);
  const made = pathStar(3, 2, 2);
  assert.ok(Object.isFrozen(made) && Object.isFrozen(stemPathStar(1, 3, 2, 2)));
  assert.throws(() => {
    (made as { W: number }).W = -3;
  }, TypeError);
  assert.equal(decisionCount(made), 8);
});

test("the arguments the issue lists are refused by name, no longer read as undefined", () => {
  const shape = pathStar(3, 2, 2);
  const graph = buildGraph(shape);
  const table = compileSamplingTable(graph);
  const policy = basePolicy(shape);
  const rng = createRng("v");
  const cases: [() => unknown, RegExp][] = [
    [() => expectedHittingTime(shape, undefined as never), /policy must be a policy/],
    [() => expectedHittingTime(undefined as never, policy), /shape must be a graph shape/],
    [() => distill(shape, { steps: 3 } as never), /teacher must be a policy/],
    [() => distill(shape, undefined as never), /teacher must be a policy/],
    [() => distill(shape, { teacher: basePolicy(pathStar(3, 2, 3)) }), /the teacher was built for G\(W = 3, K = 2, L = 3\)/],
    [() => trainRlvr(undefined as never), /shape must be a graph shape/],
    [() => trainRlvr(shape, 5 as never), /options must be an object of options/],
    [() => trainRlvr(shape, { onProgress: 5 as never }), /onProgress must be a function, got 5/],
    [() => trainSft(shape, { onProgress: "x" as never }), /onProgress must be a function/],
    [() => trainRlvr(shape, { seed: 5 as never }), /seed must be a string, got 5/],
    [() => trainRlvr(shape, { initialTheta: [NaN, ...new Array(decisionCount(shape) - 1).fill(0)] }), /initialTheta\[0\] must be a finite number/],
    [() => trainRlvr(shape, { historyPoints: 1 }), /historyPoints must be an integer from 2/],
    [() => decisionIndex(shape, "e" as never, 1), /family must be one of "a", "b", "c", "d", got "e"/],
    [() => decisionIndex(shape, "a", 0), /depth must be an integer from 1 to 2/],
    [() => meanWithInterval([1, 2, NaN]), /steps\[2\] must be a finite number, got NaN/],
    [() => meanWithInterval([1, 2, 3], -1), /z must be a finite number greater than 0, got -1/],
    [() => meanWithInterval([1, 2, 3], NaN), /z must be a finite number greater than 0/],
    [() => meanWithInterval(undefined as never), /steps must be an array of numbers/],
    [() => sampleHittingTimes(table, policy, undefined as never), /rng must be a function/],
    [() => sampleHittingTimes({} as never, policy, rng), /table must be a table made by compileSamplingTable/],
    [() => sampleRollout(table, policy, rng, 10, {} as never), /counts must be \{ desired, alternative \}/],
    [() => sampleHittingTimes(table, policy, rng, 5 as never), /options must be an object of options/],
    [() => sampleWork(undefined as never, graph, policy, rng), /strategy must be an object with a kind/],
    [() => sampleWork({ kind: "toString" } as never, graph, policy, rng), /strategy.kind must be one of/],
    [() => sampleDedupHittingTimes({ shape } as never, policy, rng), /graph must be a graph made by buildGraph/],
    [() => policyFromTheta(shape, "abc" as never), /theta must be an array of numbers/],
    [() => buildGraph(shape, 3), /targetBranch must be an integer from 0 to 2/],
    [() => createRng(42 as never), /seed must be a string, got 42/],
    [() => teacherDemonstrations(shape, policy, 3, 100, 7 as never), /rng must be a function/],
  ];
  for (const [call, message] of cases) assertNamedRefusal(call, String(call), message);
});

test("a random generator returning 1, a negative number or NaN is refused by name wherever one is drawn", () => {
  const shape = pathStar(3, 2, 2);
  const graph = buildGraph(shape);
  const table = compileSamplingTable(graph);
  const policy = basePolicy(shape);
  for (const bad of [1, -0.5, NaN, 7]) {
    const rng = () => bad;
    const uses: [string, () => unknown][] = [
      ["sampleHittingTimes", () => sampleHittingTimes(table, policy, rng, { walks: 1 })],
      ["sampleRollout", () => sampleRollout(table, policy, rng, 100)],
      ["sampleDedupHittingTimes", () => sampleDedupHittingTimes(graph, policy, rng, { problems: 1 })],
      ["sampleWork restarts", () => sampleWork({ kind: "restarts", restartEvery: 5 }, graph, policy, rng, { problems: 1 })],
      ["goldenPath", () => goldenPath(graph, rng)],
      ["sampleGoldenPaths", () => sampleGoldenPaths(shape, 1, rng)],
      ["teacherDemonstrations", () => teacherDemonstrations(shape, policy, 1, 100, rng)],
    ];
    for (const [what, call] of uses) assertNamedRefusal(call, `${what} with rng() = ${bad}`, /rng must return numbers in \[0, 1\), returned/);
  }
});

test("edgeStateCount, known from the shape alone, is the number of states the chain compiler reaches", () => {
  for (const shape of [pathStar(1, 1, 1), pathStar(3, 2, 2), pathStar(4, 5, 3), stemPathStar(1, 1, 1, 1), stemPathStar(3, 2, 4, 2)]) {
    assert.equal(graphModule.edgeStateCount(shape), compileSamplingTable(buildGraph(shape)).node.length, graphModule.describeShape(shape));
  }
});

test("graphs too large to sample are refused on their shape, before any graph is built", () => {
  const shape = pathStar(1000, 1000, 16);
  assert.ok(graphModule.explicitSize(shape) <= graphModule.LIMITS.maxExplicitElements, "the case the issue found: small enough to build, too large to sample");
  assertNamedRefusal(() => trainRlvr(shape, { mode: "sampled" }), "sampled RLVR", /4002001 edge-states; sampling compiles them into a table, which is limited to 300000/);
  assertNamedRefusal(() => teacherDemonstrations(shape, basePolicy(shape), 1, 100, createRng("t")), "teacher walks", /edge-states/);
  assertNamedRefusal(() => sampleGoldenPaths(pathStar(10000, 10000, 1), 1, createRng("g")), "golden paths", /sampleGoldenPaths materialises the graph, which is limited to 20000000/);
});

/** The rest of the core: the solvers, the closed forms, the statistics, the tables, the MLP and its trainers (not yet the transformer of nn/transformer.ts). */
const MORE_MODULES: Record<string, Record<string, unknown>> = {
  chain: chainModule, sparse: sparseModule, edgeChain: edgeChainModule, closedForms: closedFormsModule, display: displayModule,
  stats: statsModule, dynamics: dynamicsModule, nn: nnModule, neural: neuralModule, neuralPolicy: neuralPolicyModule,
  neuralMemory: neuralMemoryModule, neuralCli: neuralCliModule,
};

test("the rest of the core refuses missing and wrongly typed arguments with a RangeError, never a TypeError", { timeout: 600_000 }, () => {
  const hostile: unknown[] = [undefined, null, 5, "x", {}, [], Object.create(null), NaN];
  const shape = pathStar(2, 2, 2);
  const graph = buildGraph(shape);
  const net = neuralPolicyModule.createPolicyNetwork("v");
  const leads: [string, unknown[]][] = [
    ["", []], ["shape, ", [shape]], ["graph, ", [graph]], ["policy, ", [basePolicy(shape)]], ["shape, policy, ", [shape, basePolicy(shape)]],
    ["graph, policy, ", [graph, basePolicy(shape)]], ["net, ", [net]], ["net, shape, ", [net, shape]], ["rows, ", [[{ x: 1 }]]],
  ];
  const functions = exportedFunctions(MORE_MODULES).filter(([name]) => !isValidator(name) && !/^[A-Z]/.test(name));
  assert.ok(functions.length > 50, `the sweep covers ${functions.length} functions`);
  for (const [name, f] of functions) if (f.length > 0) assertNamedRefusal(() => f(), `${name}()`);
  // Valid arguments to showTable and showMarkdown meet the one error that is not about them: no notebook here.
  const outsideANotebook = (error: unknown) => error instanceof Error && /runs inside a tslab notebook|while a tslab notebook cell runs/.test(error.message);
  assertRangeErrorsOnly(functions, leads, hostile, outsideANotebook);
});

test("a misspelt option is refused by every function that takes options, naming the key and listing the valid ones", () => {
  const shape = pathStar(2, 2, 2);
  const graph = buildGraph(shape);
  const table = compileSamplingTable(graph);
  const policy = basePolicy(shape);
  const rng = createRng("v");
  const net = neuralPolicyModule.createPolicyNetwork("v");
  const stepz = { stepz: 1 } as never;
  const calls: [string, (options: never) => unknown, RegExp][] = [
    ["trainRlvr", (o) => trainRlvr(shape, o), /steps, learningRate, optimizer, seed, initialTheta, historyPoints, onProgress, mode, groupSize, budget, lengthPenalty$/],
    ["trainSft", (o) => trainSft(shape, o), /steps, .*, mode, traces, batchSize$/],
    ["fitDemonstrations", (o) => trainModule.fitDemonstrations(shape, { kind: "population", expected: trainModule.goldenDecisionCounts(shape) }, o), /mode, traces, batchSize$/],
    ["distill", (o) => distill(shape, { teacher: policy, ...(o as object) }), /teacher, source, budget$/],
    ["fitNeuralBase", (o) => neuralModule.fitNeuralBase(shape, o), /output, hidden, trainDepths, initial, baseSteps, onProgress$/],
    ["trainNeuralSft", (o) => neuralModule.trainNeuralSft(shape, o), /baseSteps, onProgress$/],
    ["trainNeuralRlvr", (o) => neuralModule.trainNeuralRlvr(shape, o), /mode, objective, groupSize, budget, lengthPenalty$/],
    ["distillNeural", (o) => neuralModule.distillNeural(shape, { teacher: net, ...(o as object) }), /teacher, traces, budget$/],
    ["trainMemoryFork", (o) => neuralMemoryModule.trainMemoryFork(shape, o), /groupSize, budget, seed, evaluationWalks$/],
    ["trainNeuralForCli", (o) => neuralCliModule.trainNeuralForCli("neural-sft", { W: 2, K: 2, L: 2 }, o), /seed, steps, output, onProgress$/],
    ["sampleHittingTimes", (o) => sampleHittingTimes(table, policy, rng, o), /walks, budget$/],
    ["sampledNodeVisits", (o) => sampleModule.sampledNodeVisits(graph, policy, rng, o), /walks, budget, z$/],
    ["sampleDedupHittingTimes", (o) => sampleDedupHittingTimes(graph, policy, rng, o), /problems, budget, whenStuck$/],
    ["sampleDedupWalk", (o) => searchModule.sampleDedupWalk(graph, policy, rng, o), /budget, whenStuck$/],
    ["sampleRestartHittingTimes", (o) => searchModule.sampleRestartHittingTimes(graph, policy, rng, { restartEvery: 10, ...(o as object) } as never), /problems, budget, restartEvery$/],
    ["sampleBestOfNWork", (o) => searchModule.sampleBestOfNWork(graph, policy, rng, { n: 2, ...(o as object) } as never), /problems, budget, n$/],
    ["successProbabilityByBudget", (o) => searchModule.successProbabilityByBudget({ kind: "sample" }, graph, policy, rng, { budgets: [10], ...(o as object) } as never), /problems, budgets$/],
    ["checkUniformSignTrajectory", (o) => dynamicsModule.checkUniformSignTrajectory(shape, { learningRate: 0.01, steps: 1, ...(o as object) } as never), /learningRate, steps$/],
    ["markdownTable", (o) => displayModule.markdownTable([{ x: 1 }], [{ header: "x", value: "x" }], o), /title$/],
    ["formatNumber", (o) => displayModule.formatNumber(1, o), /digits, fixed, scientificFrom$/],
  ];
  for (const [name, call, listed] of calls) {
    assert.throws(() => call(stepz), (e: Error) => e instanceof RangeError && /(options|format) has no option "stepz"; its options are /.test(e.message) && listed.test(e.message), name);
  }
  // The list is the compiler-checked list of the type's keys, and a correctly spelt key passes.
  assert.deepEqual(optionKeys<{ a?: number; b: string }>({ a: true, b: true }), ["a", "b"]);
  assert.deepEqual(requireOptions("options", { a: 1 }, ["a", "b"]), { a: 1 });
});

test("a long bad value is shown cut short with its length, never echoed whole", () => {
  const long = "x".repeat(100_000);
  assert.equal(describe(long), `"${"x".repeat(60)}"... (100000 characters)`);
  assert.equal(describe("x".repeat(60)), `"${"x".repeat(60)}"`);
  const messages: string[] = [];
  for (const call of [
    () => trainRlvr(pathStar(2, 2, 2), { optimizer: long as never }),
    () => trainRlvr(pathStar(2, 2, 2), { [long]: 1 } as never),
    () => decisionIndex(pathStar(2, 2, 2), long as never, 1),
    () => createRng(5 as never),
  ]) {
    try {
      call();
    } catch (error) {
      messages.push((error as Error).message);
    }
  }
  assert.equal(messages.length, 4);
  for (const message of messages) assert.ok(message.length < 500, `${message.length} characters: ${message.slice(0, 100)}`);
  assert.match(messages[0], /optimizer must be one of "gradient", "sign", "adam", got "x{60}"\.\.\. \(100000 characters\)/);
});
