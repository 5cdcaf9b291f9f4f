import { accessFeature } from './access/feature';
import { auditFeature } from './audit/feature';
import { commissionsFeature } from './commissions/feature';
import { partnersFeature } from './partners/feature';
import { schoolsFeature } from './schools/feature';
import { commitmentsFeature } from './commitments/feature';
import { calendarFeature } from './calendar/feature';
import { createSchedulerFeature } from './scheduler/feature';
import { deliverablesFeature } from './deliverables/feature';
import { meetingsFeature } from './meetings/feature';
import { membersFeature } from './members/feature';
import { programsFeature } from './programs/feature';
import { digestFeature } from './digest/feature';
import { followUpsFeature } from './followups/feature';
import { reportsFeature } from './reports/feature';
import { exportsFeature } from './exports/feature';
import { importsFeature } from './imports/feature';
import { homeFeature } from './home/feature';
import { correctionsFeature } from './corrections';
import { reassignFeature } from './reassign/feature';
import { mergeFeature } from './merge/feature';
import type { Feature } from './slack/features';
import { notificationSources } from './scheduled';

/** Every feature of the app, registered by createApp in this order (it is also the order of /iec help). */
export const features: readonly Feature[] = [
  commissionsFeature,
  partnersFeature,
  schoolsFeature,
  commitmentsFeature,
  accessFeature,
  auditFeature,
  calendarFeature,
  createSchedulerFeature(notificationSources),
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
  reassignFeature,
  mergeFeature,
  homeFeature,
];
