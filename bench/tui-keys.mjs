// Benchmark: the cost of a key in the TUI's inventory screen, for 1,000 and 100,000 sites, as ratios
// in the same run. Moving the cursor should not grow with the inventory; a search keystroke is one
// pass over the sites (linear, and narrower as the query grows). Run after `npm run build`:
//   node bench/tui-keys.mjs
import { SiteIndex } from '../dist/tui/site-index.js';
import { initialInventory, inventoryReducer } from '../dist/tui/inventory-state.js';

const VERDICTS = ['sensitive', 'not-sensitive', 'undetermined'];
const site = (i) => ({
  id: `S-${String(i).padStart(6, '0')}`, name: `Site number ${i}`, organisation: i % 2 ? 'Home Office' : 'Cabinet Office',
  file: `sites/f${i >> 7}.yaml`, line: 1, column: 1, document: i & 127, verdict: VERDICTS[i % 3], limbs: [], findings: [], decidingFacts: [],
});

function timeIt(fn, minMs = 300) {
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    n++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (elapsed * 1000) / n; // µs per call
}

const results = {};
for (const size of [1_000, 100_000]) {
  const index = new SiteIndex(Array.from({ length: size }, (_, i) => site(i)));
  let s = initialInventory(index, 18);
  s = inventoryReducer(s, { type: 'search-start' }, index);
  results[size] = {
    move: timeIt(() => { s = inventoryReducer(s, { type: 'move', delta: 1 }, index); }),
    pageDown: timeIt(() => { s = inventoryReducer(s, { type: 'page', direction: 1 }, index); }),
    firstSearchKey: timeIt(() => inventoryReducer(s, { type: 'search-input', text: 'n' }, index), 500),
    narrowingKey: (() => {
      const typed = inventoryReducer(s, { type: 'search-input', text: 'site number 1' }, index);
      return timeIt(() => inventoryReducer(typed, { type: 'search-input', text: '2' }, index), 500);
    })(),
    filterKey: timeIt(() => inventoryReducer(s, { type: 'filter', verdict: 'sensitive' }, index), 500),
  };
}
console.log('µs per key        1,000 sites   100,000 sites   ratio (100x the sites)');
for (const k of Object.keys(results[1000])) {
  const a = results[1000][k], b = results[100000][k];
  console.log(`${k.padEnd(16)} ${a.toFixed(2).padStart(12)} ${b.toFixed(2).padStart(15)} ${(b / a).toFixed(1).padStart(10)}x`);
}
