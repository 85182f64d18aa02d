import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DeadLetterWriter } from './dead-letter.writer.js';
import { DeviceTokensService } from './device-tokens.service.js';
import { IngestController } from './http/ingest.controller.js';
import { EventsService } from './events.service.js';
import { EventsController } from './http/events.controller.js';
import { IngestPipeline } from './ingest/ingest-pipeline.js';
import { MqttIngestService } from './ingest/mqtt-ingest.service.js';
import { RawEventWriter } from './raw-event.writer.js';
import { SensorRegistry } from './sensor-registry.js';
import { BROKER_URL } from './tokens.js';

/** Readings: how they come in (MQTT, HTTP), how they are stored, and how they are read back. */
@Module({})
export class TelemetryModule {
  static forRoot(opts: { ingest: boolean; api: boolean; brokerUrl: string }): DynamicModule {
    const providers: Provider[] = [RawEventWriter, DeadLetterWriter, SensorRegistry, IngestPipeline, EventsService, DeviceTokensService, { provide: BROKER_URL, useValue: opts.brokerUrl }];
    if (opts.ingest) providers.push(MqttIngestService);
    return {
      module: TelemetryModule,
      controllers: opts.api ? [EventsController, IngestController] : [],
      providers,
      exports: [RawEventWriter, SensorRegistry, IngestPipeline],
    };
  }
}
