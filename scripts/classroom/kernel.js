// The tslab kernel as the grader starts it (inside the sandbox): tslab itself, plus
//   - built-ins put back around every cell: before a cell is compiled and after it ran,
//     every property of JavaScript's built-in objects that a cell changed or removed is
//     restored; a property a cell added is kept but made non-enumerable (a student's
//     helper such as Array.prototype.sum keeps working, and no `for ... in` of the
//     compiler sees it);
//   - classroomEvaluate(check, functions): runs the calls the grader asked for
//     ($CLASSROOM_IO/calls.json, written by referee.js) on the student's functions and
//     appends each answer, as data (codec.js), to $CLASSROOM_IO/results/<check>.jsonl.
// Nothing here decides a grade: the grader judges those answers in its own process.
"use strict";
const fs = require("fs");
const path = require("path");
const { createCodec } = require("./codec.js");

const io = process.env.CLASSROOM_IO;
const codec = createCodec(globalThis);
const { apply, defineProperty, getOwnPropertyDescriptor, ownKeys, getPrototypeOf } = Reflect;
const JSONstringify = JSON.stringify, JSONparse = JSON.parse, StringCtor = String;

// --- built-ins -----------------------------------------------------------------------
const GLOBALS = [
  "Object", "Function", "Array", "Number", "String", "Boolean", "Symbol", "Math", "JSON", "Reflect",
  "Promise", "Map", "Set", "WeakMap", "WeakSet", "Error", "TypeError", "RangeError", "BigInt", "Date", "RegExp",
  "Float64Array", "Float32Array", "Int32Array", "Uint32Array", "Uint8Array", "ArrayBuffer", "Atomics",
  "isFinite", "isNaN", "parseFloat", "parseInt",
];
let saved = null; // [object, key, descriptor]
let watched = null; // [object, Set of own keys]

function snapshot() {
  saved = [];
  watched = [];
  const seen = new Set();
  const add = (object) => {
    if ((typeof object !== "object" && typeof object !== "function") || object === null || seen.has(object)) return;
    seen.add(object);
    const keys = ownKeys(object);
    for (const key of keys) {
      const desc = getOwnPropertyDescriptor(object, key);
      if (desc.configurable || desc.writable) saved.push([object, key, desc]);
    }
    watched.push([object, new Set(keys)]);
  };
  for (const name of GLOBALS) {
    const desc = getOwnPropertyDescriptor(globalThis, name);
    if (desc) saved.push([globalThis, name, desc]);
    const value = globalThis[name];
    add(value);
    if (typeof value === "function" && value.prototype) add(value.prototype);
  }
  add(getPrototypeOf(Float64Array.prototype));
  add(getPrototypeOf(Float64Array));
  add(getPrototypeOf([][Symbol.iterator]()));
  add(getPrototypeOf(function* () {}).prototype);
}

function same(a, b) {
  return a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable
    && a.enumerable === b.enumerable;
}

/** Puts back changed or removed built-ins; hides (but keeps) added properties. */
function restore() {
  if (!saved) return;
  for (let i = 0; i < saved.length; i++) {
    const [object, key, desc] = saved[i];
    const now = getOwnPropertyDescriptor(object, key);
    if (!now || !same(now, desc)) {
      try { defineProperty(object, key, desc); } catch (e) { /* made non-configurable: nothing to do */ }
    }
  }
  for (let i = 0; i < watched.length; i++) {
    const [object, keys] = watched[i];
    const own = ownKeys(object);
    for (let j = 0; j < own.length; j++) {
      if (keys.has(own[j])) continue;
      const desc = getOwnPropertyDescriptor(object, own[j]);
      if (desc && desc.enumerable && desc.configurable) {
        desc.enumerable = false;
        defineProperty(object, own[j], desc);
      }
    }
  }
}

// --- tslab, with every execution wrapped --------------------------------------------
const executorModule = require(require.resolve("tslab/dist/executor.js"));
const createExecutor = executorModule.createExecutor;
executorModule.createExecutor = function (...args) {
  const executor = createExecutor(...args);
  const execute = executor.execute;
  executor.execute = async function (src) {
    if (!saved) snapshot();
    restore();
    try {
      return await execute(src);
    } finally {
      restore();
    }
  };
  return executor;
};

// --- the checks' calls ---------------------------------------------------------------
let calls = null;

function makeRng(seed, draws) {
  const lib = require(require.resolve("rlvr-backtracking", { paths: [process.cwd()] }));
  const rng = lib.createRng(seed);
  for (let i = 0; i < draws; i++) rng();
  return rng;
}

function messageOf(error) {
  try {
    if (error && typeof error === "object" && typeof error.message === "string") {
      return `${StringCtor(error.name || "Error")}: ${error.message}`.slice(0, 4000);
    }
    return `thrown: ${StringCtor(error)}`.slice(0, 4000);
  } catch (e) {
    return "thrown: a value that cannot be shown";
  }
}

function classroomEvaluate(check, functions) {
  restore();
  if (calls === null) calls = JSONparse(fs.readFileSync(path.join(io, "calls.json"), "utf8"));
  const todo = calls[check] || [];
  const out = path.join(io, "results", `${check}.jsonl`);
  for (let i = 0; i < todo.length; i++) {
    const { fn, args } = todo[i];
    let line;
    try {
      const f = functions[fn];
      if (typeof f !== "function") throw new TypeError(`${fn} is not a function in this notebook`);
      const value = apply(f, undefined, codec.decode(args, makeRng));
      restore();
      line = { value: codec.encode(value) };
    } catch (error) {
      restore();
      line = { threw: messageOf(error) };
    }
    fs.appendFileSync(out, JSONstringify(line) + "\n");
  }
}
defineProperty(globalThis, "classroomEvaluate", { value: classroomEvaluate, writable: false, configurable: false });

require(require.resolve("tslab/dist/main.js")).main();
