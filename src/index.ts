// The Node API: `import { check, explain, loadRules, evaluate } from 'sitecheck'`. The CLI is built
// on these same functions (src/check.ts); the result model's types are re-exported whole from
// src/model.ts, so a field added there is part of the API without a change here.
export {
  check,
  explain,
  evaluate,
  loadRules,
  buildReport,
  today,
  SiteNotFoundError,
  DEFAULT_RULES_DIR,
  SHIPPED_RULES_LABEL,
  type CheckOptions,
  type RulesOptions,
} from './check.js';
export * from './model.js';
export { loadInventory, MissingPathError, type Inventory, type SiteRecord, type SiteData, type EquipmentData } from './input/sites.js';
export { DEFAULT_LIMITS, type Limits } from './input/yaml-source.js';
export { RulesError, type Ruleset } from './rules/ruleset.js';
export { VERSION } from './version.js';
export { Redactor, REDACT_KEY_ENV, type RedactSpec } from './handling/redact.js';
