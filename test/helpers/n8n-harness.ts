import './n8n-env';

import { Container } from '@n8n/di';
import { DateTime } from 'luxon';
import {
	CredentialTestContext,
	ExecuteContext,
	LoadOptionsContext,
	ExecutionLifecycleHooks,
	RoutingNode,
	TriggerContext,
	WorkflowExecute,
} from 'n8n-core';
import { ScheduledTaskManager } from 'n8n-core/dist/execution-engine/scheduled-task-manager';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import {
	createDeferredPromise,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type ITriggerResponse,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { IngestionStoreApi } from '../../credentials/IngestionStoreApi.credentials';
import { JiraIngestionApi } from '../../credentials/JiraIngestionApi.credentials';
import { CdmSink } from '../../nodes/CdmSink/CdmSink.node';
import { IngestionConfig } from '../../nodes/IngestionConfig/IngestionConfig.node';
import { IngestionRun } from '../../nodes/IngestionRun/IngestionRun.node';
import { IngestionTrigger } from '../../nodes/IngestionTrigger/IngestionTrigger.node';
import { JiraSource } from '../../nodes/JiraSource/JiraSource.node';
import { FakeScheduler } from './fake-scheduler';

// Every node context resolves SSHClientsManager, whose 60 s cleanup timer is not unref'd: jest would never exit.
(Container.get(SSHClientsManager) as unknown as { cleanupTimer?: NodeJS.Timeout }).cleanupTimer?.unref();

export const PACKAGE_PREFIX = 'n8n-nodes-ingestion';

/** The package's node types as n8n names them when the package is installed as a community package. */
const NODE_CLASSES: Record<string, new () => INodeType> = {
	[`${PACKAGE_PREFIX}.ingestionTrigger`]: IngestionTrigger,
	[`${PACKAGE_PREFIX}.ingestionRun`]: IngestionRun,
	[`${PACKAGE_PREFIX}.jiraSource`]: JiraSource,
	[`${PACKAGE_PREFIX}.cdmSink`]: CdmSink,
	[`${PACKAGE_PREFIX}.ingestionConfig`]: IngestionConfig,
};

export const CREDENTIAL_TYPES: Record<string, ICredentialType> = {
	ingestionStoreApi: new IngestionStoreApi(),
	jiraIngestionApi: new JiraIngestionApi(),
};

export class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType>;

	constructor(extra: Record<string, INodeType> = {}) {
		this.types = { ...Object.fromEntries(Object.entries(NODE_CLASSES).map(([name, Type]) => [name, new Type()])), ...extra };
	}

	getByName(type: string): INodeType {
		const found = this.types[type];
		if (!found) throw new Error(`Unknown node type ${type}`);
		return found;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(Object.keys(this.types).map((name) => [name, { className: name, sourcePath: '' }]));
	}

	all(): INodeType[] {
		return Object.values(this.types);
	}
}

/** Credentials by type name; `authenticate` resolves a generic authenticate exactly like n8n's CredentialsHelper. */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, options: IHttpRequestOptions, workflow: Workflow, node: INode): Promise<IHttpRequestOptions> {
		const type = CREDENTIAL_TYPES[typeName];
		const authenticate = type?.authenticate;
		if (!authenticate) return options;
		if (typeof authenticate === 'function') return authenticate(credentials, options);
		const resolve = (value: string) =>
			value.startsWith('=') ? String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '') : value;
		const target = options as unknown as Record<string, Record<string, unknown>>;
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			target[outerKey] ??= {};
			for (const [key, value] of Object.entries(outerValue as Record<string, string>)) target[outerKey][resolve(key)] = resolve(value);
		}
		return options;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('getCredentials is not used by these nodes');
	}

	async getDecrypted(_data: IWorkflowExecuteAdditionalData, _details: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		const found = this.credentials[type];
		if (!found) throw new Error(`No test credentials of type ${type}`);
		return found;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string) {
		return CREDENTIAL_TYPES[type]?.properties ?? [];
	}
}

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: Workflow['connectionsBySourceNode'];
	settings?: IDataObject;
}

export type Credentials = Record<string, ICredentialDataDecryptedObject>;

function additionalData(hooks: ExecutionLifecycleHooks | undefined, credentials: Credentials, currentNodeParameters?: INode['parameters']): IWorkflowExecuteAdditionalData {
	return {
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentials),
		currentNodeParameters,
		executionTimeoutTimestamp: undefined,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		userId: 'test-user',
		variables: {},
		executeWorkflow: async () => {
			throw new Error('executeWorkflow is not supported in these tests');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export function buildWorkflow(json: WorkflowJson, nodeTypes = new TestNodeTypes(), active = false): Workflow {
	return new Workflow({
		id: 'wf-test',
		name: json.name ?? 'in-process test',
		nodes: json.nodes,
		connections: json.connections,
		active,
		nodeTypes,
		settings: { executionOrder: 'v1', ...(json.settings ?? {}) },
	});
}

export interface RunOutcome {
	run: IRun;
	status: IRun['status'];
	error: IRun['data']['resultData']['error'];
	/** Nodes in the order they finished. */
	order: string[];
	/** Output items (json) of each node's first run, first output. */
	json(nodeName: string): IDataObject[];
	/** Output items of each node's first run, first output. */
	items(nodeName: string): INodeExecutionData[];
}

/**
 * Runs a workflow in-process with n8n-core's WorkflowExecute. `startAt` starts at a node with `input` items (as n8n's
 * own node tests do); `triggerData` starts at the workflow's trigger node with the data it emitted, as n8n does for an
 * activated trigger; otherwise the trigger runs in manual mode (its manualTriggerFunction).
 */
export async function runWorkflow(
	json: WorkflowJson,
	options: { credentials: Credentials; mode?: WorkflowExecuteMode; startAt?: string; input?: INodeExecutionData[]; triggerData?: INodeExecutionData[][] },
): Promise<RunOutcome> {
	const mode = options.mode ?? (options.triggerData ? 'trigger' : 'manual');
	const workflow = buildWorkflow(json);
	const hooks = new ExecutionLifecycleHooks(mode, 'exec-1', {
		id: 'wf-test',
		name: 'in-process test',
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
	} as never);
	const order: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName: string) => {
		order.push(nodeName);
	});
	const done = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run: IRun) => done.resolve(run));
	const data = additionalData(hooks, options.credentials);
	let run: IRun;
	const start = options.startAt ? workflow.getNode(options.startAt) : options.triggerData ? workflow.getTriggerNodes()[0] : undefined;
	if (start) {
		const runExecutionData = {
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				nodeExecutionStack: [{ node: start, data: { main: options.triggerData ?? [options.input ?? [{ json: {} }]] }, source: null }],
				waitingExecution: {},
				waitingExecutionSource: {},
			},
		} as unknown as IRunExecutionData;
		run = await new WorkflowExecute(data, mode, runExecutionData).processRunExecutionData(workflow);
	} else {
		run = await new WorkflowExecute(data, mode).run(workflow);
	}
	await done.promise;
	const items = (nodeName: string) => (run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? []) as INodeExecutionData[];
	return { run, status: run.status, error: run.data.resultData.error, order, items, json: (nodeName) => items(nodeName).map((item) => item.json) };
}

export function installFakeScheduler(now: Date): FakeScheduler {
	const scheduler = new FakeScheduler(DateTime.fromJSDate(now));
	Container.set(ScheduledTaskManager, scheduler as unknown as ScheduledTaskManager);
	return scheduler;
}

export interface ActiveTrigger {
	response: ITriggerResponse;
	/** Each emit's data, in order. */
	emitted: INodeExecutionData[][][];
	/** Runs started from emits (the rest of the workflow, as n8n does for an active trigger). */
	runs: Array<Promise<RunOutcome>>;
	close(): Promise<void>;
}

/**
 * Activates a workflow's trigger node with the real n8n-core TriggerContext (mode `trigger`, or `manual`), and runs
 * the workflow for every emit, like n8n's ActiveWorkflowManager.
 */
export async function activateTrigger(json: WorkflowJson, options: { credentials: Credentials; mode?: 'trigger' | 'manual'; runEmits?: boolean }): Promise<ActiveTrigger> {
	const nodeTypes = new TestNodeTypes();
	const workflow = buildWorkflow(json, nodeTypes, true);
	const node = workflow.getTriggerNodes()[0];
	const emitted: INodeExecutionData[][][] = [];
	const runs: Array<Promise<RunOutcome>> = [];
	const errors: Error[] = [];
	const mode = options.mode ?? 'trigger';
	const context = new TriggerContext(
		workflow,
		node,
		additionalData(undefined, options.credentials),
		mode,
		'activate',
		(data: INodeExecutionData[][]) => {
			emitted.push(data);
			if (options.runEmits !== false) runs.push(runWorkflow(json, { credentials: options.credentials, triggerData: data }));
		},
		(error: Error) => errors.push(error),
	);
	const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!type.trigger) throw new Error(`${node.type} is not a trigger`);
	const response = (await type.trigger.call(context)) ?? {};
	return {
		response,
		emitted,
		runs,
		close: async () => {
			await response.closeFunction?.();
			if (errors.length > 0) throw errors[0];
		},
	};
}

/**
 * Tests a credential the way n8n's CredentialsTester does: a credential type's own `test` request goes through a
 * RoutingNode with the credential's authentication; otherwise the `testedBy` function of a node that lists it runs
 * with a CredentialTestContext.
 */
export async function testCredential(type: string, data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const credentialType = CREDENTIAL_TYPES[type];
	const decrypted: ICredentialsDecrypted = { id: 'cred-1', name: 'test credential', type, data };
	if (!credentialType.test) {
		for (const nodeType of new TestNodeTypes().all()) {
			const testedBy = nodeType.description.credentials?.find((credential) => credential.name === type)?.testedBy;
			if (typeof testedBy === 'string') {
				const test = nodeType.methods?.credentialTest?.[testedBy];
				if (test) return test.call(new CredentialTestContext(), decrypted);
			}
		}
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}
	const tempType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'temp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: credentialType.test.request }, default: '' }],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'temp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: 'cred-1', name: 'test credential' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes({ temp: tempType }) });
	const runExecutionData = { startData: {}, resultData: { runData: {} }, executionData: { contextData: {}, metadata: {}, nodeExecutionStack: [], waitingExecution: {}, waitingExecutionSource: {} } } as unknown as IRunExecutionData;
	const context = new ExecuteContext(workflow, node, additionalData(undefined, { [type]: data }), 'internal', runExecutionData, 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
	try {
		await new RoutingNode(context, tempType, decrypted).runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}` };
		if (cause?.code) return { status: 'Error', message: cause.code };
		return { status: 'Error', message: (error as Error).message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** Calls a load-options method of a node the way the editor does (n8n-core LoadOptionsContext, current parameters). */
export async function loadOptions(node: INode, method: string, credentials: Credentials) {
	const nodeTypes = new TestNodeTypes();
	const workflow = buildWorkflow({ nodes: [node], connections: {} }, nodeTypes);
	const context = new LoadOptionsContext(workflow, node, additionalData(undefined, credentials, node.parameters), `parameters.${method}`);
	const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const load = type.methods?.loadOptions?.[method];
	if (!load) throw new Error(`${node.type} has no load-options method ${method}`);
	return load.call(context);
}

/** Stops what n8n-core services left running. Call in afterAll. */
export function shutdownN8n(): void {
	try {
		(Container.get(SSHClientsManager) as unknown as { onShutdown(): void }).onShutdown();
	} catch {
		// not started
	}
}

export { Container, FakeScheduler };
