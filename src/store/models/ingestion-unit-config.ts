import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

import type { DataMode, IngestionMode, ScheduleKind } from './enums';

/** How one ingestion unit of an endpoint runs: mode, schedule, sink, policy. One row per (endpoint, unit). */
export class IngestionUnitConfig extends Model<
	InferAttributes<IngestionUnitConfig>,
	InferCreationAttributes<IngestionUnitConfig>
> {
	declare id: CreationOptional<string>;
	declare endpointId: string;
	/** The catalog dataset (catalog_datasets.id) this unit ingests. */
	declare datasetId: string;
	declare unitId: string;
	declare enabled: CreationOptional<boolean>;
	declare mode: IngestionMode;
	declare sinkId: string;
	declare scheduleKind: CreationOptional<ScheduleKind>;
	declare scheduleIntervalMinutes: CreationOptional<number | null>;
	declare policy: CreationOptional<Record<string, unknown>>;
	declare dataMode: CreationOptional<DataMode>;
	declare cdmModelId: CreationOptional<string | null>;
	declare createdAt: CreationOptional<Date>;
	declare updatedAt: CreationOptional<Date>;

	static initModel(this: typeof IngestionUnitConfig, sequelize: Sequelize): typeof IngestionUnitConfig {
		return this.init(
			{
				id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
				endpointId: { type: DataTypes.TEXT, allowNull: false },
				datasetId: { type: DataTypes.UUID, allowNull: false },
				unitId: { type: DataTypes.TEXT, allowNull: false },
				enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
				mode: { type: DataTypes.TEXT, allowNull: false },
				sinkId: { type: DataTypes.TEXT, allowNull: false },
				scheduleKind: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'MANUAL' },
				scheduleIntervalMinutes: { type: DataTypes.INTEGER, allowNull: true },
				policy: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
				dataMode: { type: DataTypes.TEXT, allowNull: false, defaultValue: 'RAW' },
				cdmModelId: { type: DataTypes.TEXT, allowNull: true },
				createdAt: DataTypes.DATE,
				updatedAt: DataTypes.DATE,
			},
			{ sequelize, tableName: 'ingestion_unit_configs', underscored: true },
		);
	}
}
