import { FloorEntity, SensorEntity, SiteEntity, SitePeriodEntity, ZoneEntity } from '@hearth/spaces/entities';
import { DeadLetterEntity, DeviceTokenEntity, RawEventEntity } from '@hearth/telemetry/entities';

/** Every entity Hearth maps, in one list read by Nest and the migration CLI alike. */
export const ENTITIES = [SiteEntity, SitePeriodEntity, FloorEntity, ZoneEntity, SensorEntity, RawEventEntity, DeadLetterEntity, DeviceTokenEntity];
