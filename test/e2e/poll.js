'use strict';
// Polling helpers the real components' stories share (real/*.js).

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `until(timeout, what, probe)` for a component: polls `probe` every second until it returns an
 * object (null or a string saying what is missing means not yet), and fails after `timeout`
 * seconds with `<component>: <what> not after <timeout>s: <what was missing last>`.
 */
function pollUntil(component) {
  return async function until(timeout, what, probe) {
    const deadline = Date.now() + timeout * 1000;
    let last = '';
    for (;;) {
      const r = await probe();
      if (r && typeof r === 'object') return r;
      last = r || last;
      if (Date.now() > deadline) throw new Error(`${component}: ${what} not after ${timeout}s${last ? `: ${last}` : ''}`);
      await sleep(1000);
    }
  };
}

/** GET, or null on 404. */
const getOrNull = (kube, path) => kube.get(path).catch((e) => { if (e.status === 404) return null; throw e; });

module.exports = { sleep, pollUntil, getOrNull };
