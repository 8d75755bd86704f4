// The TUI's flows end to end in a real terminal at 100×30 (declared in tui-e2e-flows.ts).
import { flowsAt } from './tui-e2e-flows.js';

flowsAt(import.meta.url, 100, 30);
