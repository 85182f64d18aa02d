import { CreateSpaceModel1795343000000 } from './1795343000000-CreateSpaceModel.js';
import { CreateRawEventStorage1795343000001 } from './1795343000001-CreateRawEventStorage.js';
import { CreateDeviceToken1795343000002 } from './1795343000002-CreateDeviceToken.js';
import { AddAnnouncedSiteKey1795343000003 } from './1795343000003-AddAnnouncedSiteKey.js';
import { CreateRollups1795343000004 } from './1795343000004-CreateRollups.js';
import { CreateSessionRollups1795343000005 } from './1795343000005-CreateSessionRollups.js';
import { AddDeskHours1795343000006 } from './1795343000006-AddDeskHours.js';
import { PackQuarterHours1795343000007 } from './1795343000007-PackQuarterHours.js';
import { CreatePollTallies1795343000008 } from './1795343000008-CreatePollTallies.js';
import { AddLayoutChanges1795343000009 } from './1795343000009-AddLayoutChanges.js';
import { AddVendorSourcesAndHistory1795343000010 } from './1795343000010-AddVendorSourcesAndHistory.js';
import { AddAccessControl1795343000011 } from './1795343000011-AddAccessControl.js';

/** Every migration, in order. New migrations are appended; applied ones are never rewritten. */
export const MIGRATIONS = [CreateSpaceModel1795343000000, CreateRawEventStorage1795343000001, CreateDeviceToken1795343000002, AddAnnouncedSiteKey1795343000003, CreateRollups1795343000004, CreateSessionRollups1795343000005, AddDeskHours1795343000006, PackQuarterHours1795343000007, CreatePollTallies1795343000008, AddLayoutChanges1795343000009, AddVendorSourcesAndHistory1795343000010, AddAccessControl1795343000011];
