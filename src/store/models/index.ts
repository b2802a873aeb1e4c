import type { Sequelize } from 'sequelize';

import { CatalogDataset } from './catalog-dataset';
import { IngestionRun } from './ingestion-run';
import { IngestionUnitConfig } from './ingestion-unit-config';
import { IngestionUnitState } from './ingestion-unit-state';
import { KbEdge } from './kb-edge';
import { KbNode } from './kb-node';
import { MetadataEndpoint } from './metadata-endpoint';

export { CatalogDataset, IngestionRun, IngestionUnitConfig, IngestionUnitState, KbEdge, KbNode, MetadataEndpoint };
export * from './enums';

export interface StoreModels {
	MetadataEndpoint: typeof MetadataEndpoint;
	CatalogDataset: typeof CatalogDataset;
	IngestionUnitConfig: typeof IngestionUnitConfig;
	IngestionUnitState: typeof IngestionUnitState;
	IngestionRun: typeof IngestionRun;
	KbNode: typeof KbNode;
	KbEdge: typeof KbEdge;
}

/**
 * Sequelize binds a model class to one connection. Each store gets its own subclasses, so two stores
 * (two databases, as in tests or an n8n instance with two store credentials) never share a binding.
 */
function bind<M extends { initModel(this: M, sequelize: Sequelize): M; name: string }>(base: M, sequelize: Sequelize): M {
	const bound = class extends (base as unknown as new (...args: never[]) => object) {} as unknown as M;
	Object.defineProperty(bound, 'name', { value: base.name });
	return bound.initModel(sequelize);
}

export function defineStoreModels(sequelize: Sequelize): StoreModels {
	const models: StoreModels = {
		MetadataEndpoint: bind(MetadataEndpoint, sequelize),
		CatalogDataset: bind(CatalogDataset, sequelize),
		IngestionUnitConfig: bind(IngestionUnitConfig, sequelize),
		IngestionUnitState: bind(IngestionUnitState, sequelize),
		IngestionRun: bind(IngestionRun, sequelize),
		KbNode: bind(KbNode, sequelize),
		KbEdge: bind(KbEdge, sequelize),
	};
	const { MetadataEndpoint: Endpoint, CatalogDataset: Dataset, IngestionUnitConfig: Config, IngestionUnitState: State } = models;
	Endpoint.hasMany(Dataset, { foreignKey: 'endpointId', as: 'datasets' });
	Dataset.belongsTo(Endpoint, { foreignKey: 'endpointId', as: 'endpoint' });
	Endpoint.hasMany(Config, { foreignKey: 'endpointId', as: 'unitConfigs' });
	Config.belongsTo(Endpoint, { foreignKey: 'endpointId', as: 'endpoint' });
	Config.belongsTo(Dataset, { foreignKey: 'datasetId', as: 'dataset' });
	Config.belongsTo(Endpoint, { foreignKey: 'sinkId', as: 'sink' });
	Config.hasOne(State, { foreignKey: 'configId', as: 'state' });
	State.belongsTo(Config, { foreignKey: 'configId', as: 'config' });
	models.IngestionRun.belongsTo(Config, { foreignKey: 'configId', as: 'config' });
	models.KbEdge.belongsTo(models.KbNode, { foreignKey: 'fromNodeId', as: 'fromNode' });
	return models;
}
