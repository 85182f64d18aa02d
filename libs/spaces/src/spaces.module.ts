import { Module } from '@nestjs/common';
import { FloorsController } from './http/floors.controller.js';
import { SensorsController } from './http/sensors.controller.js';
import { SitesController } from './http/sites.controller.js';
import { ZonesController } from './http/zones.controller.js';
import { SiteImportService } from './site-file/site-import.service.js';
import { SpacesService } from './spaces.service.js';

/** Sites, floors, zones and sensors: the library's space model and how it is declared. */
@Module({
  controllers: [SitesController, FloorsController, ZonesController, SensorsController],
  providers: [SpacesService, SiteImportService],
  exports: [SpacesService, SiteImportService],
})
export class SpacesModule {}
