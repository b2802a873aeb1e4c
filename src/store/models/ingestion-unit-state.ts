import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

import type { RunStatus } from './enums';

/** Checkpoint, last run summary and lease of one configured unit. */
export class IngestionUnitState extends Model<InferAttributes<IngestionUnitState>, InferCreationAttributes<IngestionUnitState>> {
	declare id: CreationOptional<string>;
	declare configId: string;
	declare endpointId: string;
	declare unitId: string;
	declare checkpoint: CreationOptional<Record<string, unknown> | null>;
	declare lastRunId: CreationOptional<string | null>;
	declare lastStatus: CreationOptional<RunStatus | null>;
	declare lastStartedAt: CreationOptional<Date | null>;
	declare lastFinishedAt: CreationOptional<Date | null>;
	declare lastSuccessAt: CreationOptional<Date | null>;
	declare lastStats: CreationOptional<Record<string, unknown> | null>;
	declare lastError: CreationOptional<string | null>;
	declare leaseOwner: CreationOptional<string | null>;
	declare leaseExpiresAt: CreationOptional<Date | null>;
	declare createdAt: CreationOptional<Date>;
	declare updatedAt: CreationOptional<Date>;

	static initModel(this: typeof IngestionUnitState, sequelize: Sequelize): typeof IngestionUnitState {
		return this.init(
			{
				id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
				configId: { type: DataTypes.UUID, allowNull: false },
				endpointId: { type: DataTypes.TEXT, allowNull: false },
				unitId: { type: DataTypes.TEXT, allowNull: false },
				checkpoint: { type: DataTypes.JSONB, allowNull: true },
				lastRunId: { type: DataTypes.UUID, allowNull: true },
				lastStatus: { type: DataTypes.TEXT, allowNull: true },
				lastStartedAt: { type: DataTypes.DATE, allowNull: true },
				lastFinishedAt: { type: DataTypes.DATE, allowNull: true },
				lastSuccessAt: { type: DataTypes.DATE, allowNull: true },
				lastStats: { type: DataTypes.JSONB, allowNull: true },
				lastError: { type: DataTypes.TEXT, allowNull: true },
				leaseOwner: { type: DataTypes.TEXT, allowNull: true },
				leaseExpiresAt: { type: DataTypes.DATE, allowNull: true },
				createdAt: DataTypes.DATE,
				updatedAt: DataTypes.DATE,
			},
			{ sequelize, tableName: 'ingestion_unit_states', underscored: true },
		);
	}
}
