import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

import type { DatasetKind } from './enums';

/** One dataset of an endpoint's catalog (`jira.issues`, a dictionary, or a provisioned CDM table). */
export class CatalogDataset extends Model<InferAttributes<CatalogDataset>, InferCreationAttributes<CatalogDataset>> {
	declare id: CreationOptional<string>;
	declare endpointId: string;
	declare datasetId: string;
	declare name: string;
	declare kind: DatasetKind;
	declare domain: CreationOptional<string | null>;
	declare physicalLocation: CreationOptional<string | null>;
	declare schema: CreationOptional<Record<string, unknown>>;
	declare labels: CreationOptional<Record<string, unknown>>;
	declare collectedAt: CreationOptional<Date | null>;
	declare createdAt: CreationOptional<Date>;
	declare updatedAt: CreationOptional<Date>;

	static initModel(this: typeof CatalogDataset, sequelize: Sequelize): typeof CatalogDataset {
		return this.init(
			{
				id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
				endpointId: { type: DataTypes.TEXT, allowNull: false },
				datasetId: { type: DataTypes.TEXT, allowNull: false },
				name: { type: DataTypes.TEXT, allowNull: false },
				kind: { type: DataTypes.TEXT, allowNull: false },
				domain: { type: DataTypes.TEXT, allowNull: true },
				physicalLocation: { type: DataTypes.TEXT, allowNull: true },
				schema: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
				labels: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
				collectedAt: { type: DataTypes.DATE, allowNull: true },
				createdAt: DataTypes.DATE,
				updatedAt: DataTypes.DATE,
			},
			{ sequelize, tableName: 'catalog_datasets', underscored: true },
		);
	}
}
