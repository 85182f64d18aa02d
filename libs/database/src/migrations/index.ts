import { CreateSpaceModel1795343000000 } from './1795343000000-CreateSpaceModel.js';
import { CreateRawEventStorage1795343000001 } from './1795343000001-CreateRawEventStorage.js';

/** Every migration, in order. New migrations are appended; applied ones are never rewritten. */
export const MIGRATIONS = [CreateSpaceModel1795343000000, CreateRawEventStorage1795343000001];
