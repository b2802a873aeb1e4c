import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A typed edge from a KB node to a logical key (e.g. CONFIGURES → a dataset's logical key). */
export class KbEdge extends Model<InferAttributes<KbEdge>, InferCreationAttributes<KbEdge>> {
	declare id: CreationOptional<string>;
	declare fromNodeId: string;
	declare edgeType: string;
	declare toLogicalKey: string;
	declare payload: CreationOptional<Record<string, unknown>>;
	declare createdAt: CreationOptional<Date>;
	declare updatedAt: CreationOptional<Date>;

	static initModel(this: typeof KbEdge, sequelize: Sequelize): typeof KbEdge {
		return this.init(
			{
				id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
				fromNodeId: { type: DataTypes.UUID, allowNull: false },
				edgeType: { type: DataTypes.TEXT, allowNull: false },
				toLogicalKey: { type: DataTypes.TEXT, allowNull: false },
				payload: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
				createdAt: DataTypes.DATE,
				updatedAt: DataTypes.DATE,
			},
			{ sequelize, tableName: 'kb_edges', underscored: true },
		);
	}
}
