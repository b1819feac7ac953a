// Values as data: how a check's inputs go into the student's kernel and the student's
// answers come out (referee.js <-> kernel.js), as JSON.
//
// Strings, booleans, null and finite numbers other than -0 are themselves; everything
// else is an array whose first item says what it is:
//   ["N", "NaN" | "Infinity" | "-Infinity" | "-0"]   a number JSON cannot hold
//   ["U"]                                            undefined
//   ["A", id, [items]]   ["O", id, {key: value}]     an array, an object (own enumerable keys)
//   ["T", "Float64Array", [numbers]]                 a typed array
//   ["M", id, [[key, value]...]]   ["S", id, [values]]   a Map, a Set
//   ["@", id]                                        an object seen before (shared or cyclic)
//   ["R", seed, draws]                               a generator from createRng(seed), drawn `draws` times
//   ["F"]                                            any other function (arrives as one that throws)
// Decoding builds plain objects with normal prototypes; "__proto__" is an ordinary key.
"use strict";

const TYPED = ["Float64Array", "Float32Array", "Int32Array", "Uint32Array", "Int16Array", "Uint16Array",
  "Int8Array", "Uint8Array", "Uint8ClampedArray"];
const MAX_ITEMS = 20e6;

function createCodec(globals) {
  // Built-ins captured once: code that runs later may patch the global ones.
  const g = globals || globalThis;
  const { isArray } = g.Array;
  const { keys, defineProperty } = g.Object;
  const { isView } = g.ArrayBuffer;
  const { is } = g.Object;
  const MapCtor = g.Map, SetCtor = g.Set, ErrorCtor = g.Error;
  const mapGet = g.Map.prototype.get, mapSet = g.Map.prototype.set, mapForEach = g.Map.prototype.forEach;
  const setForEach = g.Set.prototype.forEach;
  const { apply } = g.Reflect;
  const ctors = {};
  for (const name of TYPED) ctors[name] = g[name];
  const typedName = (v) => {
    for (let i = 0; i < TYPED.length; i++) if (v instanceof ctors[TYPED[i]]) return TYPED[i];
    return null;
  };

  function number(x) {
    if (x !== x) return ["N", "NaN"];
    if (x === Infinity) return ["N", "Infinity"];
    if (x === -Infinity) return ["N", "-Infinity"];
    if (is(x, -0)) return ["N", "-0"];
    return x;
  }

  /** value -> JSON-able data; rngInfo(f) gives [seed, draws] for a tagged generator, or null. */
  function encode(value, rngInfo) {
    const seen = new MapCtor();
    let items = 0;
    function enc(v) {
      if (++items > MAX_ITEMS) throw new ErrorCtor("the value is too large to send (more than 20 million items)");
      if (v === null || typeof v === "string" || typeof v === "boolean") return v;
      if (typeof v === "number") return number(v);
      if (v === undefined) return ["U"];
      if (typeof v === "bigint") return ["N", "NaN"];
      if (typeof v === "function") {
        const info = rngInfo ? rngInfo(v) : null;
        return info ? ["R", info[0], info[1]] : ["F"];
      }
      if (typeof v !== "object") return ["U"];
      const id = apply(mapGet, seen, [v]);
      if (id !== undefined) return ["@", id];
      const myId = seen.size;
      apply(mapSet, seen, [v, myId]);
      if (isView(v)) {
        const name = typedName(v);
        if (!name) return ["U"];
        const out = [];
        for (let i = 0; i < v.length; i++) out[i] = number(v[i]);
        items += v.length;
        return ["T", name, out];
      }
      if (isArray(v)) {
        const out = [];
        for (let i = 0; i < v.length; i++) out[i] = enc(v[i]);
        return ["A", myId, out];
      }
      if (v instanceof MapCtor) {
        const out = [];
        apply(mapForEach, v, [(val, key) => { out[out.length] = [enc(key), enc(val)]; }]);
        return ["M", myId, out];
      }
      if (v instanceof SetCtor) {
        const out = [];
        apply(setForEach, v, [(val) => { out[out.length] = enc(val); }]);
        return ["S", myId, out];
      }
      const out = {};
      const own = keys(v);
      for (let i = 0; i < own.length; i++) {
        defineProperty(out, own[i], { value: enc(v[own[i]]), enumerable: true, writable: true, configurable: true });
      }
      return ["O", myId, out];
    }
    return enc(value);
  }

  /** data -> value; makeRng(seed, draws) rebuilds a generator. */
  function decode(data, makeRng) {
    const byId = new MapCtor();
    function dec(d) {
      if (d === null || typeof d !== "object") return d;
      if (!isArray(d)) throw new ErrorCtor("malformed value");
      switch (d[0]) {
        case "N": return d[1] === "-0" ? -0 : Number(d[1]);
        case "U": return undefined;
        case "@": {
          if (!byId.has(d[1])) throw new ErrorCtor("malformed value: unknown reference");
          return apply(mapGet, byId, [d[1]]);
        }
        case "R": {
          if (!makeRng) throw new ErrorCtor("a random generator cannot be sent here");
          return makeRng(String(d[1]), Number(d[2]) || 0);
        }
        case "F": return function unavailable() { throw new ErrorCtor("a function argument the grader could not send"); };
        case "T": {
          const Ctor = TYPED.includes(d[1]) ? ctors[d[1]] : null;
          if (!Ctor || !isArray(d[2])) throw new ErrorCtor("malformed typed array");
          return Ctor.from(d[2], (x) => (typeof x === "number" ? x : dec(x)));
        }
        case "A": {
          const out = [];
          apply(mapSet, byId, [d[1], out]);
          for (let i = 0; i < d[2].length; i++) out[i] = dec(d[2][i]);
          return out;
        }
        case "M": {
          const out = new MapCtor();
          apply(mapSet, byId, [d[1], out]);
          for (const [k, v] of d[2]) out.set(dec(k), dec(v));
          return out;
        }
        case "S": {
          const out = new SetCtor();
          apply(mapSet, byId, [d[1], out]);
          for (const v of d[2]) out.add(dec(v));
          return out;
        }
        case "O": {
          const out = {};
          apply(mapSet, byId, [d[1], out]);
          for (const key of keys(d[2])) {
            defineProperty(out, key, { value: dec(d[2][key]), enumerable: true, writable: true, configurable: true });
          }
          return out;
        }
        default: throw new ErrorCtor(`malformed value: unknown tag ${String(d[0])}`);
      }
    }
    return dec(data);
  }

  return { encode, decode };
}

module.exports = { createCodec };
