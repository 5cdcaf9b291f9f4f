/** The partner merge's functions for the rest of the app (its Slack surface is feature.ts). */
export { mergePartners, planMerge, type MergeOutcome, type MergePlan, undoMerge, type UndoneMerge } from './service';
