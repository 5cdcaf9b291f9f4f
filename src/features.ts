import { accessFeature } from './access';
import { auditFeature } from './audit';
import { commissionsFeature } from './commissions';
import { partnersFeature } from './partners';
import { schoolsFeature } from './schools';
import { commitmentsFeature } from './commitments';
import { calendarFeature } from './calendar';
import { schedulerFeature } from './scheduler';
import { deliverablesFeature } from './deliverables';
import { meetingsFeature } from './meetings';
import { membersFeature } from './members';
import { programsFeature } from './programs';
import { digestFeature } from './digest';
import { followUpsFeature } from './followups';
import { reportsFeature } from './reports';
import { exportsFeature } from './exports';
import { importsFeature } from './imports';
import { homeFeature } from './home';
import { correctionsFeature } from './corrections';
import type { Feature } from './slack/features';

/** Every feature of the app, registered by createApp in this order (it is also the order of /iec help). */
export const features: readonly Feature[] = [
  commissionsFeature,
  partnersFeature,
  schoolsFeature,
  commitmentsFeature,
  accessFeature,
  auditFeature,
  calendarFeature,
  schedulerFeature,
  deliverablesFeature,
  membersFeature,
  meetingsFeature,
  programsFeature,
  digestFeature,
  followUpsFeature,
  reportsFeature,
  exportsFeature,
  importsFeature,
  correctionsFeature,
  homeFeature,
];
