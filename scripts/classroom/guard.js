// The grader's guard, run in the kernel before any student code (see grader.py).
//
// Called as (function)(require, globalName, libraryName). It
//   - snapshots JavaScript's built-in objects, so that a check can restore them first
//     and notice when a student's function changes them while it runs;
//   - wraps every function the library exports in a call counter and freezes the
//     library's module objects, so that student code cannot patch the library and a
//     forbidden call is seen however the function was reached (an alias, a deep
//     require): counts are kept only while a student's function runs, and only for
//     calls made from outside the library;
//   - keeps the assert functions as they were before student code ran;
// and defines globalThis[globalName], frozen and non-writable, with what checks use.
(function (req, globalName, libraryName) {
  "use strict";
  const { apply, construct, defineProperty, getOwnPropertyDescriptor, ownKeys, getPrototypeOf } = Reflect;
  const { freeze, create } = Object;
  const functionToString = Function.prototype.toString;
  const MapCtor = Map;
  const mapGet = Map.prototype.get, mapSet = Map.prototype.set;
  const ErrorCtor = Error;
  const StringCtor = String;

  // --- built-ins ---------------------------------------------------------------
  // Only captured functions and index loops below: a student may have patched
  // Array.prototype, iterators or Object.prototype by the time these run.
  const { deleteProperty } = Reflect;
  const SetCtor = Set;
  const setHas = Set.prototype.has, setAdd = Set.prototype.add;
  const GLOBALS = [
    "Object", "Function", "Array", "Number", "String", "Boolean", "Symbol", "Math", "JSON", "Reflect",
    "Promise", "Map", "Set", "WeakMap", "Error", "TypeError", "RangeError", "BigInt", "Date", "RegExp",
    "Float64Array", "Float32Array", "Int32Array", "Uint32Array", "Uint8Array", "ArrayBuffer",
    "isFinite", "isNaN", "parseFloat", "parseInt", "globalThis",
  ];
  const saved = []; // [object, key, descriptor, label]
  const watched = []; // [object, label, Set of its own keys]
  function snapshot(object, label) {
    const keys = new SetCtor();
    const own = ownKeys(object);
    for (let i = 0; i < own.length; i++) {
      const desc = getOwnPropertyDescriptor(object, own[i]);
      apply(setAdd, keys, [own[i]]);
      if (desc.configurable || desc.writable) saved[saved.length] = [object, own[i], desc, `${label}.${StringCtor(own[i])}`];
    }
    watched[watched.length] = [object, label, keys];
  }
  const seen = new SetCtor();
  function snapshotOnce(object, label) {
    if ((typeof object !== "object" && typeof object !== "function") || object === null || apply(setHas, seen, [object])) return;
    apply(setAdd, seen, [object]);
    snapshot(object, label);
  }
  for (let i = 0; i < GLOBALS.length; i++) {
    const name = GLOBALS[i];
    const desc = getOwnPropertyDescriptor(globalThis, name);
    if (desc) saved[saved.length] = [globalThis, name, desc, name];
    const value = globalThis[name];
    if (name === "globalThis" || value === undefined) continue;
    snapshotOnce(value, name);
    if (typeof value === "function" && value.prototype) snapshotOnce(value.prototype, `${name}.prototype`);
  }
  snapshotOnce(getPrototypeOf(Float64Array.prototype), "TypedArray.prototype");
  snapshotOnce(getPrototypeOf(Float64Array), "TypedArray");
  snapshotOnce(getPrototypeOf([][Symbol.iterator]()), "ArrayIterator.prototype");

  function same(a, b) {
    return a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable;
  }
  /** Names of built-ins that differ from the snapshot (changed, removed or added), at most 5. */
  function changed() {
    const out = [];
    for (let i = 0; i < saved.length && out.length < 5; i++) {
      const entry = saved[i];
      const now = getOwnPropertyDescriptor(entry[0], entry[1]);
      if (!now || !same(now, entry[2])) out[out.length] = entry[3];
    }
    for (let i = 0; i < watched.length && out.length < 5; i++) {
      const own = ownKeys(watched[i][0]);
      for (let j = 0; j < own.length; j++) {
        if (!apply(setHas, watched[i][2], [own[j]])) out[out.length] = `${watched[i][1]}.${StringCtor(own[j])} (added)`;
      }
    }
    return out;
  }
  function restore() {
    for (let i = 0; i < saved.length; i++) {
      const entry = saved[i];
      const now = getOwnPropertyDescriptor(entry[0], entry[1]);
      if (!now || !same(now, entry[2])) defineProperty(entry[0], entry[1], entry[2]);
    }
    for (let i = 0; i < watched.length; i++) {
      const own = ownKeys(watched[i][0]);
      for (let j = 0; j < own.length; j++) {
        if (!apply(setHas, watched[i][2], [own[j]])) deleteProperty(watched[i][0], own[j]);
      }
    }
  }

  // --- the library ---------------------------------------------------------------
  const library = req(libraryName);
  const Module = req("module");
  const path = req("path");
  const fs = req("fs");
  const libraryDir = path.dirname(fs.realpathSync(req.resolve(libraryName)));
  const canonical = new MapCtor(); // original function -> export name it is counted under
  let watching = false;
  let depth = 0;
  let counts = null; // export name -> number of calls from student code

  function isClass(f) {
    return /^class\b/.test(apply(functionToString, f, []));
  }
  function wrap(name, f) {
    if (apply(mapGet, canonical, [f]) === undefined) apply(mapSet, canonical, [f, name]);
    const countedAs = apply(mapGet, canonical, [f]);
    const wrapped = function (...args) {
      if (watching && depth === 0) counts[countedAs] = (counts[countedAs] || 0) + 1;
      depth++;
      try {
        return new.target ? construct(f, args, new.target) : apply(f, this, args);
      } finally {
        depth--;
      }
    };
    defineProperty(wrapped, "name", { value: f.name });
    defineProperty(wrapped, "length", { value: f.length });
    return wrapped;
  }
  const wrappers = new MapCtor(); // original -> wrapper, one wrapper per function
  for (const id of ownKeys(Module._cache)) {
    if (!id.startsWith(libraryDir + path.sep)) continue;
    const exports = Module._cache[id].exports;
    if (exports === null || typeof exports !== "object") continue;
    for (const key of ownKeys(exports)) {
      const desc = getOwnPropertyDescriptor(exports, key);
      if (!("value" in desc) || typeof desc.value !== "function" || isClass(desc.value) || !desc.writable) continue;
      let w = apply(mapGet, wrappers, [desc.value]);
      if (!w) {
        w = wrap(String(key), desc.value);
        apply(mapSet, wrappers, [desc.value, w]);
      }
      exports[key] = w;
    }
    freeze(exports);
  }
  const lib = {};
  for (const key of ownKeys(library)) lib[key] = library[key];
  freeze(lib);

  // --- assert as it was ----------------------------------------------------------
  // Comparisons given a message of their own also say what they compared (Node's
  // assert drops actual and expected from the message then): that is the feedback.
  const original = req("assert").strict;
  const AssertionError = original.AssertionError;
  const inspect = req("util").inspect;
  const shown = (value) => inspect(value, { depth: 2, maxArrayLength: 12, breakLength: Infinity });
  const COMPARISONS = ["equal", "strictEqual", "deepEqual", "deepStrictEqual"];
  const assert = function (...args) {
    return apply(original, undefined, args);
  };
  for (const key of ownKeys(original)) {
    if (key === "length" || key === "name" || key === "prototype") continue;
    const compare = original[key];
    assert[key] = !COMPARISONS.includes(key) ? compare : function (actual, expected, message) {
      try {
        return apply(compare, undefined, [actual, expected, message]);
      } catch (error) {
        if (typeof message !== "string" || !(error instanceof AssertionError)) throw error;
        throw new AssertionError({
          message: `${message}: got ${shown(actual)}, expected ${shown(expected)}`,
          actual, expected, operator: error.operator,
        });
      }
    };
  }
  assert.strict = assert;
  freeze(assert);

  // --- what checks use -------------------------------------------------------------
  /** The student's function f, counting the library calls it makes. */
  function student(name, f) {
    if (typeof f !== "function") return f;
    const runs = create(null); // no prototype: nothing a student adds to Object.prototype reaches it
    calls[name] = runs;
    return function (...args) {
      const outerWatching = watching, outerDepth = depth, outerCounts = counts;
      watching = true;
      depth = 0;
      counts = runs;
      try {
        return apply(f, this, args);
      } finally {
        watching = outerWatching;
        depth = outerDepth;
        counts = outerCounts;
      }
    };
  }
  const calls = create(null); // student function name -> {export name -> calls}

  /** Throws when a student function called a forbidden library function. */
  function forbid(rules) {
    const names = ownKeys(rules);
    for (let i = 0; i < names.length; i++) {
      const list = rules[names[i]];
      for (let j = 0; j < list.length; j++) {
        const n = (calls[names[i]] && calls[names[i]][list[j]]) || 0;
        if (n > 0) throw new ErrorCtor(`${names[i]} called ${list[j]} (${n} times), which this task forbids`);
      }
    }
  }
  /** Throws when built-ins were changed while the check ran (and puts them back). */
  function verify() {
    const names = changed();
    if (names.length) {
      restore();
      let list = names[0];
      for (let i = 1; i < names.length; i++) list += ", " + names[i];
      throw new ErrorCtor(`the code under test changed JavaScript's built-ins (${list})`);
    }
  }

  defineProperty(globalThis, globalName, {
    value: freeze({ lib, assert, student, forbid, restore, verify, calls: () => calls }),
    writable: false,
    configurable: false,
    enumerable: false,
  });
});
