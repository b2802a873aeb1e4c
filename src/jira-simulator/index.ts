export { startJiraSimulator, SIMULATOR_CREDENTIALS, type JiraSimulator, type JiraSimulatorOptions } from './server';
export type { JiraSimulatorControl, SimulatorTruth } from './control';
export type { SimFaultSettings, SimFaultCounts, SimStorm, ScriptedFailure } from './faults';
export { FEED_LAG_MS } from './routes-children';
export { EMBEDDED_CHILD_LIMIT } from './render';
