import { Schema, model } from 'mongoose';

/**
 * Who has opened the app's Home tab, and when last: after a change, only their Home tabs are published again
 * (publishing everyone's would spend the rate limit on tabs nobody looks at). Keyed by Slack user id.
 */
const homeViewerSchema = new Schema(
  {
    _id: { type: String, required: true },
    lastOpenedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const HomeViewerModel = model('HomeViewer', homeViewerSchema);
