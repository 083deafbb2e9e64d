/** Library entry point: embed a Strongroom server in another Node program (tests, tools). */
export { buildRuntime, type Runtime } from './compose.js';
export { type Config, loadConfig } from './config/config.js';
