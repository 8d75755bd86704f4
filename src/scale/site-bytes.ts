// SiteResults handed from a worker thread to the main thread as bytes, not object graphs: each
// site is v8.serialize'd where it is made (the structured clone postMessage would do, so every
// value, undefined included, comes back as -j1 has it), a file's sites are sent in one transferable
// buffer, and the main thread deserializes one site at a time as it writes it. What waits in the
// main thread for its turn is then compact bytes, and garbage as soon as it is written.
import { deserialize } from 'node:v8';
import type { FileDone, SiteDone } from './file-task.js';
import type { SiteResult } from '../model.js';

/** A file's serialized sites copied into one ArrayBuffer that can be transferred without a copy. */
export function packSerialized(done: FileDone): { done: FileDone; transfer: ArrayBuffer[] } {
  let total = 0;
  for (const s of done.sites) total += s.serialized?.length ?? 0;
  if (total === 0) return { done, transfer: [] };
  const buffer = new ArrayBuffer(total);
  const all = new Uint8Array(buffer);
  let at = 0;
  const sites = done.sites.map((s): SiteDone => {
    if (!s.serialized) return s;
    all.set(s.serialized, at);
    const out = { ...s, serialized: all.subarray(at, at + s.serialized.length) };
    at += s.serialized.length;
    return out;
  });
  return { done: { ...done, sites }, transfer: [buffer] };
}

/** The SiteResult of a site done in 'full' or 'serialized' mode. */
export function siteResultOf(site: SiteDone): SiteResult | undefined {
  if (site.result) return site.result;
  return site.serialized ? (deserialize(site.serialized) as SiteResult) : undefined;
}

/** Bytes of output a done file holds (its sites' JSON text or serialized results). */
export function resultBytes(done: FileDone): number {
  let n = 0;
  for (const s of done.sites) n += s.json?.length ?? s.serialized?.length ?? 0;
  return n;
}
