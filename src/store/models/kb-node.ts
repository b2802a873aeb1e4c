import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A knowledge-base node, e.g. `ingestion.unit` / `ingestion::<endpointId>::<unitId>`. */
export class KbNode extends Model<InferAttributes<KbNode>, InferCreationAttributes<KbNode>> {
	declare id: CreationOptional<string>;
	declare entityType: string;
	declare logicalId: string;
	declare scope: CreationOptional<string>;
	declare endpointId: CreationOptional<string | null>;
	declare payload: CreationOptional<Record<string, unknown>>;
	declare createdAt: CreationOptional<Date>;
	declare updatedAt: CreationOptional<Date>;

	static initModel(this: typeof KbNode, sequelize: Sequelize): typeof KbNode {
		return this.init(
			{
				id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
				entityType: { type: DataTypes.TEXT, allowNull: false },
				logicalId: { type: DataTypes.TEXT, allowNull: false },
				scope: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'global' },
				endpointId: { type: DataTypes.TEXT, allowNull: true },
				payload: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
				createdAt: DataTypes.DATE,
				updatedAt: DataTypes.DATE,
			},
			{ sequelize, tableName: 'kb_nodes', underscored: true },
		);
	}
}
