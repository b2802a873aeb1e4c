import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

import type { DataMode, IngestionMode, RunStatus, RunTrigger } from './enums';

/** One run of a unit: queued by the bridge or a schedule, run by the engine. `error` is always sanitized. */
export class IngestionRun extends Model<InferAttributes<IngestionRun>, InferCreationAttributes<IngestionRun>> {
	declare id: CreationOptional<string>;
	declare endpointId: string;
	declare unitId: string;
	declare configId: CreationOptional<string | null>;
	declare trigger: RunTrigger;
	declare status: CreationOptional<RunStatus>;
	declare mode: IngestionMode;
	declare dataMode: CreationOptional<DataMode>;
	declare sinkId: string;
	declare cdmModelId: CreationOptional<string | null>;
	declare policy: CreationOptional<Record<string, unknown>>;
	declare queuedAt: CreationOptional<Date>;
	declare startedAt: CreationOptional<Date | null>;
	declare finishedAt: CreationOptional<Date | null>;
	declare stats: CreationOptional<Record<string, unknown>>;
	declare progress: CreationOptional<Record<string, unknown>>;
	declare checkpointBefore: CreationOptional<Record<string, unknown> | null>;
	declare checkpointAfter: CreationOptional<Record<string, unknown> | null>;
	declare error: CreationOptional<string | null>;
	declare worker: CreationOptional<string | null>;

	static initModel(this: typeof IngestionRun, sequelize: Sequelize): typeof IngestionRun {
		return this.init(
			{
				id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
				endpointId: { type: DataTypes.TEXT, allowNull: false },
				unitId: { type: DataTypes.TEXT, allowNull: false },
				configId: { type: DataTypes.UUID, allowNull: true },
				trigger: { type: DataTypes.TEXT, allowNull: false },
				status: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'QUEUED' },
				mode: { type: DataTypes.TEXT, allowNull: false },
				dataMode: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'RAW' },
				sinkId: { type: DataTypes.TEXT, allowNull: false },
				cdmModelId: { type: DataTypes.TEXT, allowNull: true },
				policy: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
				queuedAt: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
				startedAt: { type: DataTypes.DATE, allowNull: true },
				finishedAt: { type: DataTypes.DATE, allowNull: true },
				stats: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
				progress: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
				checkpointBefore: { type: DataTypes.JSONB, allowNull: true },
				checkpointAfter: { type: DataTypes.JSONB, allowNull: true },
				error: { type: DataTypes.TEXT, allowNull: true },
				worker: { type: DataTypes.TEXT, allowNull: true },
			},
			{ sequelize, tableName: 'ingestion_runs', underscored: true, timestamps: false },
		);
	}
}
