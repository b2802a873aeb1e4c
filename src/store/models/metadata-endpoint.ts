import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

import type { EndpointFamily, EndpointTemplateId } from './enums';

/** A source (Jira) or sink (raw warehouse, CDM) the store knows about. `parameters` never hold secrets. */
export class MetadataEndpoint extends Model<InferAttributes<MetadataEndpoint>, InferCreationAttributes<MetadataEndpoint>> {
	declare id: string;
	declare templateId: EndpointTemplateId;
	declare family: EndpointFamily;
	declare name: string;
	declare description: CreationOptional<string | null>;
	declare parameters: CreationOptional<Record<string, unknown>>;
	declare capabilities: CreationOptional<Record<string, unknown>>;
	declare enabled: CreationOptional<boolean>;
	declare createdAt: CreationOptional<Date>;
	declare updatedAt: CreationOptional<Date>;

	static initModel(this: typeof MetadataEndpoint, sequelize: Sequelize): typeof MetadataEndpoint {
		return this.init(
			{
				id: { type: DataTypes.TEXT, primaryKey: true },
				templateId: { type: DataTypes.TEXT, allowNull: false },
				family: { type: DataTypes.TEXT, allowNull: false },
				name: { type: DataTypes.TEXT, allowNull: false },
				description: { type: DataTypes.TEXT, allowNull: true },
				parameters: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
				capabilities: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
				enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
				createdAt: DataTypes.DATE,
				updatedAt: DataTypes.DATE,
			},
			{ sequelize, tableName: 'metadata_endpoints', underscored: true },
		);
	}
}
