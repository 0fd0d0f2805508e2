/* CoCity Workshop: each phone lists a ballot's ideas in its own order, stable across redraws and reloads, from
   its token, the round and the idea. FNV-1a, then MurmurHash3's fmix32 so ids differing in a last digit spread. */
var CoCityFair = (function () {
  "use strict";
  function hash(text) {
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35) >>> 0;
    return (h ^ (h >>> 16)) >>> 0;
  }
  function order(ids, roundId, token) {
    var seed = (token || "") + ":" + roundId + ":";
    return ids.map(function (id) { return [hash(seed + id), id]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .map(function (pair) { return pair[1]; });
  }
  return { order: order };
})();
